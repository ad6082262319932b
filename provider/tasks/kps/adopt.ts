/**
 * Starting a KPS association (or reset) once: what the adoption rule of `core/adopt.ts` needs to know about KPS.
 * A task in progress is one of `running-tasks` on the same server with the same key pair and operation (a reset
 * for a reset, a bind or replace for an association with `auth`); a finished one is found through the journal only,
 * since KPS lists running and failed tasks alone.
 * @module
 */
import { accountOf, apiOptions, startOnce, unless404, type StartPlan, type Started } from "../../core/adopt";
import { connect } from "../../core/connect";
import { defined } from "../../core/spec";
import { kpsAssociateKeypair } from "../../endpoints";
import type { WaitOptions } from "../../options";
import { getKpsRunningTasks, getKpsTask } from "./functions";
import { kpsOperation } from "./model";

/** The association inputs {@link startAssociation} needs (validated by the resource's schema). */
export interface AssociationTarget {
  keypairName: string;
  serverId: string;
  auth?: { type: "password" | "keypair"; key: string } | undefined;
  disablePassword?: boolean | undefined;
  port?: number | undefined;
}

/**
 * `KpsKeypairAssociation`: adopts the association (or reset) an interrupted run started, else starts it.
 * @param inputs the resource's inputs (`triggers`, `adoptionWindow`).
 */
export async function startAssociation(a: AssociationTarget, inputs: Record<string, unknown>, opts: WaitOptions): Promise<Started> {
  const client = connect(opts, "KpsKeypairAssociation", true);
  const api = apiOptions(opts);
  const mode = a.auth ? "associate" : "reset";
  const operations = a.auth ? ["BIND", "REPLACE"] : ["RESET"];
  const target = { serverId: a.serverId, keypairName: a.keypairName, mode };
  const plan: StartPlan = {
    kind: "KpsKeypairAssociation",
    what: `${mode} of ${a.keypairName} on server ${a.serverId}`,
    target,
    identity: { ...target, disablePassword: a.disablePassword, port: a.port, triggers: inputs["triggers"] },
    async byId(taskId) {
      const t = await unless404(getKpsTask({ taskId }, api));
      return t && { taskId: t.taskId, phase: t.phase, startedAt: undefined };
    },
    async running() {
      const list = await getKpsRunningTasks({ serverId: a.serverId }, api);
      const t = list.tasks.find((x) => x.keypairName === a.keypairName && operations.includes(kpsOperation(x.operateType ?? "") ?? ""));
      return t && { taskId: t.taskId, phase: "pending", startedAt: t.taskTime };
    },
    async start() {
      const server = defined({ id: a.serverId, auth: a.auth, disable_password: a.disablePassword, port: a.port });
      const started = await client.call(kpsAssociateKeypair, { body: { keypair_name: a.keypairName, server } }, { signal: opts.signal });
      return started.data.task_id;
    },
  };
  return startOnce(plan, inputs, opts, await accountOf(client, opts.signal));
}
