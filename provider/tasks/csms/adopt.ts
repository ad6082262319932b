/**
 * Starting a CSMS rotation once: what the adoption rule of `core/adopt.ts` needs to know about CSMS. One list of
 * the secret's rotations serves both looks: a rotation in progress (`PROCESSING`), and rotations that succeeded
 * within the adoption window.
 * @module
 */
import { accountOf, apiOptions, startOnce, type Found, type StartPlan, type Started } from "../../core/adopt";
import { connect } from "../../core/connect";
import { csmsRotateSecret } from "../../endpoints";
import type { WaitOptions } from "../../options";
import { getCsmsTasks } from "./functions";
import type { CsmsTask, GetCsmsTasksResult } from "./types";

/**
 * `CsmsSecretRotation`: adopts the rotation an interrupted run started (or one that succeeded within the adoption
 * window), else starts one.
 * @param inputs the resource's inputs (`triggers`, `adoptionWindow`).
 */
export async function startRotation(secretName: string, inputs: Record<string, unknown>, opts: WaitOptions): Promise<Started> {
  const client = connect(opts, "CsmsSecretRotation", true);
  const api = apiOptions(opts);
  let listed: Promise<GetCsmsTasksResult> | undefined;
  const rotations = async () => (await (listed ??= getCsmsTasks({ secretName }, api))).tasks;
  const found = (t: CsmsTask): Found => ({ taskId: t.taskId, phase: t.phase, startedAt: t.taskTime });
  const plan: StartPlan = {
    kind: "CsmsSecretRotation",
    what: `rotation of secret ${secretName}`,
    target: { secretName },
    identity: { secretName, triggers: inputs["triggers"] },
    async byId(taskId) {
      const t = (await getCsmsTasks({ taskId }, api)).tasks[0];
      return t && found(t);
    },
    async running() {
      const t = (await rotations()).find((x) => x.phase === "pending");
      return t && found(t);
    },
    async succeededSince(since) {
      const done = (await rotations()).filter((x) => x.phase === "succeeded" && x.taskTime !== undefined && x.taskTime >= since);
      return done.sort((x, y) => (y.taskTime ?? 0) - (x.taskTime ?? 0)).map(found);
    },
    async start() {
      const started = await client.call(csmsRotateSecret, { path: { secret_name: secretName } }, { signal: opts.signal });
      return started.data.rotation_task_id;
    },
  };
  return startOnce(plan, inputs, opts, await accountOf(client, opts.signal));
}
