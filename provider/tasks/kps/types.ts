/**
 * KPS key-pair tasks as this package returns them, and the arguments its functions take. Types only.
 * @module
 */
import type { Phase } from "../../core/status";
import type { ListMeta, PagingArgs } from "../../options";

/** A KPS task as read by id. */
export interface KpsTask {
  taskId: string;
  serverId: string | undefined;
  /** The service's status, e.g. `RUNNING_RESET` (trimmed, upper case). */
  taskStatus: string;
  phase: Phase;
  /** `RESET`, `REPLACE`, `BIND`, `UNBIND` ... (from the status). */
  operation: string | undefined;
}

/** A KPS task as listed by `running-tasks` or `failed-tasks`. */
export interface KpsListedTask {
  taskId: string;
  /** The task's status, e.g. `RUNNING_RESET` (KPS calls it `operate_type`; trimmed, upper case). */
  operateType: string | undefined;
  /** Start time, epoch ms. */
  taskTime: number | undefined;
  serverName: string | undefined;
  serverId: string | undefined;
  keypairName: string | undefined;
  phase: Phase;
  /** Failed tasks only. */
  taskErrorCode?: string | undefined;
  /** Failed tasks only. */
  taskErrorMsg?: string | undefined;
}

/** Arguments of `getKpsTask`. */
export interface GetKpsTaskArgs {
  /** The id an associate/disassociate call returned. */
  taskId: string;
}

/** Arguments of `getKpsRunningTasks` and `getKpsFailedTasks`. */
export interface GetKpsTasksArgs extends PagingArgs {
  /** Only this server's tasks. */
  serverId?: string;
}

/** Result of `getKpsRunningTasks` and `getKpsFailedTasks`. */
export interface GetKpsTasksResult extends ListMeta {
  /** The total the service reported. */
  total: number;
  tasks: KpsListedTask[];
}

/** Arguments of `deleteKpsFailedTask`. */
export interface DeleteKpsFailedTaskArgs {
  /** The failed task whose record to delete. */
  taskId: string;
}

/** Result of `deleteKpsFailedTask` and `deleteAllKpsFailedTasks`. */
export interface DeleteKpsFailedTasksResult {
  /** `X-Request-Id` of the answer. */
  requestId: string | undefined;
}

/** Which KPS task to await. */
export interface KpsWaitTarget {
  /** The id `AssociateKeypair`/`DisassociateKeypair` returned. */
  taskId: string;
}
