/**
 * KPS failed-task cleanup: delete one failed task's record, or every one (`DELETE /v3/{project_id}/failed-tasks[/
 * {task_id}]`). A deleted record no longer shows in `failed-tasks`; the task itself can still be read by id.
 * @module
 */
import { kpsDeleteAllFailedTasks, kpsDeleteFailedTask, kpsShowTask } from "../../endpoints";
import { isApiError } from "../../errors";
import { normalizeStatus } from "../../core/status";
import { KPS_STATUSES } from "./model";
import { runDataSource, type DataSource } from "../../core/source";
import type { TaskApiOptions } from "../../options";
import { DeleteAllKpsFailedTasksArgsSchema, DeleteKpsFailedTaskArgsSchema } from "./schemas";
import type { DeleteKpsFailedTaskArgs, DeleteKpsFailedTasksResult } from "./types";

const deleteOne: DataSource<typeof DeleteKpsFailedTaskArgsSchema, DeleteKpsFailedTasksResult> = {
  name: "deleteKpsFailedTask",
  args: DeleteKpsFailedTaskArgsSchema,
  run: async (client, a, opts) => {
    try {
      return { requestId: (await client.call(kpsDeleteFailedTask, { path: { task_id: a.taskId } }, opts)).requestId };
    } catch (err) {
      // A retry after an answer that was lost (a reset, a gateway's 502) finds the record gone: "not a failed task".
      // When the task reads failed by id, that earlier attempt deleted it: done, not an error.
      if (!(isApiError(err) && err.status === 400 && err.errorCode === "KPS.0020" && err.attempts > 1)) throw err;
      const task = await client.call(kpsShowTask, { path: { task_id: a.taskId } }, opts).catch(() => undefined);
      // Unconfirmed (the task does not read failed, or could not be read): the service's answer stands.
      if (!task || KPS_STATUSES.classify(normalizeStatus(task.data.task_status)) !== "failed") throw err;
      return { requestId: task.requestId };
    }
  },
};

const deleteAll: DataSource<typeof DeleteAllKpsFailedTasksArgsSchema, DeleteKpsFailedTasksResult> = {
  name: "deleteAllKpsFailedTasks",
  args: DeleteAllKpsFailedTasksArgsSchema,
  run: async (client, _a, opts) => ({ requestId: (await client.call(kpsDeleteAllFailedTasks, {}, opts)).requestId }),
};

/**
 * Deletes the record of one failed KPS task (`DELETE /v3/{project_id}/failed-tasks/{task_id}`), so that
 * `failed-tasks` no longer lists it.
 * @throws ApiError (400 `KPS.xxx` when the task is not a failed task), InputError
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/DeleteFailedTask.html
 * @example await deleteKpsFailedTask({ taskId });
 */
export function deleteKpsFailedTask(args: DeleteKpsFailedTaskArgs, opts: TaskApiOptions = {}): Promise<DeleteKpsFailedTasksResult> {
  return runDataSource(deleteOne, args, opts);
}

/**
 * Deletes the records of every failed KPS task of the project (`DELETE /v3/{project_id}/failed-tasks`).
 * @throws ApiError, InputError
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/DeleteAllFailedTask.html
 */
export function deleteAllKpsFailedTasks(opts: TaskApiOptions = {}): Promise<DeleteKpsFailedTasksResult> {
  return runDataSource(deleteAll, {}, opts);
}
