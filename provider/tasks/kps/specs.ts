/**
 * How the dynamic-provider host runs KPS's resource kinds: `KpsTaskWaiter` (await a task by id) and
 * `KpsKeypairAssociation` (start an associate — a reset without `auth` — and await its task).
 * @module
 */
import { isApiError } from "../../errors";
import { kpsAssociateKeypair } from "../../endpoints";
import { defaultClock } from "../../core/clock";
import { connect } from "../../core/connect";
import { log } from "../../core/log";
import { defined, echo, targetInputs, waitOuts, type ResourceSpec } from "../../core/spec";
import type { WaitOptions } from "../../options";
import type { z } from "zod";
import { awaitKpsTask, getKpsRunningTasks, getKpsTask } from "./functions";
import { kpsOperation } from "./model";
import { AssociationSchema, KpsTargetSchema } from "./schemas";
import type { KpsListedTask } from "./types";

/** `KpsTaskWaiter`: awaits a key-pair task by id. */
export const kpsTaskWaiterSpec: ResourceSpec = {
  target: KpsTargetSchema,
  identity: ["taskId", "triggers"],
  learned: ["taskId"],
  async create(inputs, opts) {
    const taskId = String(inputs["taskId"]);
    const r = await awaitKpsTask({ taskId }, opts);
    return { id: taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, taskId, r.task.phase), operation: r.task.operation, serverId: r.task.serverId }) };
  },
  async read(id, props, opts) {
    const t = await getKpsTask({ taskId: id }, opts);
    return { ...props, status: t.taskStatus, phase: t.phase, serverId: t.serverId ?? props["serverId"] };
  },
};

/** The running KPS task of this association (same server, key pair and operation), if one is in progress. */
async function runningAssociation(a: z.output<typeof AssociationSchema>, opts: WaitOptions): Promise<KpsListedTask | undefined> {
  const operations = a.auth ? ["BIND", "REPLACE"] : ["RESET"];
  const running = await getKpsRunningTasks({ serverId: a.serverId }, { sources: opts.sources });
  return running.tasks.find((t) => t.keypairName === a.keypairName && operations.includes(kpsOperation(t.operateType ?? "") ?? ""));
}

/** `KpsKeypairAssociation`: starts an associate (or reset) and awaits its task. */
export const kpsAssociationSpec: ResourceSpec = {
  target: AssociationSchema,
  identity: ["keypairName", "serverId", "disablePassword", "port", "triggers"],
  learned: ["taskId"],
  async create(inputs, opts) {
    const a = AssociationSchema.parse(targetInputs(inputs));
    const client = connect(opts, "KpsKeypairAssociation", true);
    const server = defined({ id: a.serverId, auth: a.auth, disable_password: a.disablePassword, port: a.port });
    let startedAt = (opts.clock ?? defaultClock()).now();
    const what = `${a.auth ? "associate" : "reset"} of ${a.keypairName} on server ${a.serverId}`;
    let taskId: string;
    try {
      const started = await client.call(kpsAssociateKeypair, { body: { keypair_name: a.keypairName, server } }, { signal: opts.signal });
      taskId = started.data.task_id;
      log("info", `KpsKeypairAssociation: ${what} started as task ${taskId}`);
    } catch (err) {
      // 409: a task already runs on the server. When it is this very association (a create interrupted after
      // starting it, run again), await it instead of failing or starting a second one.
      const running = isApiError(err) && err.status === 409 ? await runningAssociation(a, opts) : undefined;
      if (!running) throw err;
      taskId = running.taskId;
      startedAt = running.taskTime ?? startedAt;
      log("info", `KpsKeypairAssociation: ${what} is already running as task ${taskId}; waiting for it`);
    }
    const r = await awaitKpsTask({ taskId }, { ...opts, startedAt });
    return { id: taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, taskId, r.task.phase), operation: r.task.operation }) };
  },
  async read(id, props, opts) {
    const t = await getKpsTask({ taskId: id }, opts);
    return { ...props, status: t.taskStatus, phase: t.phase };
  },
};
