/**
 * Path safety: ids with `/`, `..`, `%2F`, spaces, unicode, `?`, `#`, `\` or CR/LF cannot reach another route.
 *
 * 1. Every public function and resource refuses them, naming the field, before any request.
 * 2. Forced past that validation (endpoints with the id schema loosened, through the real client), every id is
 *    percent-encoded into its one path segment, so the emulator, which logs the route it dispatched to and the
 *    decoded parameters, receives it on the intended route with the id intact (and refuses it there); the
 *    segments percent-encoding cannot protect (`.`, `..`, empty) are refused by the client before sending.
 * 3. A control shows what the encoding prevents: the same id spliced in raw lands on another route.
 */
import { z } from "zod";
import { DEFAULT_WORLD } from "../../emulator";
import {
  ApiError,
  InputError,
  getCsmsTasks,
  getDcsTasks,
  getKpsRunningTasks,
  getKpsTask,
  getRocketMqTasks,
  waitForCsmsTask,
  waitForDcsTask,
  waitForIdle,
  waitForKpsTask,
  waitForRocketMqTask,
  type WaitOptions,
} from "../../provider";
import { TaskApiClient, clearProjectCache } from "../../provider/http/client";
import type { ResourceKind } from "../../provider/resources/host";
import { providerFor } from "../../provider/core/provider-object";
import { csmsListTasks, csmsRotateSecret, kpsShowTask, rocketmqListTasks } from "../../provider/endpoints";
import type { EndpointDef } from "../../provider/endpoints/table";
import { resolveSettings } from "../../provider/settings";
import { raw, useEmulator } from "../helpers/emulator";

const ctx = useEmulator({ seed: 91 });
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;

const DANGEROUS: { label: string; id: string }[] = [
  { label: "a slash", id: "a/b" },
  { label: "a parent-directory path", id: "../running-tasks" },
  { label: "a dot-dot segment", id: ".." },
  { label: "a dot segment", id: "." },
  { label: "an encoded slash", id: "%2F" },
  { label: "an encoded parent-directory path", id: "..%2Frunning-tasks" },
  { label: "an encoded dot-dot", id: "%2e%2e" },
  { label: "a space", id: "a b" },
  { label: "unicode (Latin)", id: "täsk-1" },
  { label: "unicode (CJK)", id: "任务" },
  { label: "an emoji", id: "\u{1F642}" },
  { label: "a query string", id: "a?limit=1" },
  { label: "a fragment", id: "a#frag" },
  { label: "a backslash", id: "a\\b" },
  { label: "CR/LF header injection", id: "a\r\nX-Injected: 1" },
];

/** Valid settings without a project id: a call that got past validation would ask IAM first. */
const opts = (over: Partial<WaitOptions> = {}): WaitOptions => ({ ...ctx.emu.settings(), projectId: undefined, sources: { env: {} }, ...over });

type Surface = { name: string; field: string } & (
  | { kind: "function"; run: (id: string) => Promise<unknown> }
  | { kind: "resource"; resource: ResourceKind; inputs: (id: string) => Record<string, unknown> }
);

const SURFACES: Surface[] = [
  { kind: "function", name: "getKpsTask", field: "taskId", run: (id) => getKpsTask({ taskId: id }, opts()) },
  { kind: "function", name: "waitForKpsTask", field: "taskId", run: (id) => waitForKpsTask({ taskId: id }, opts()) },
  { kind: "function", name: "getKpsRunningTasks", field: "serverId", run: (id) => getKpsRunningTasks({ serverId: id }, opts()) },
  { kind: "function", name: "getRocketMqTasks", field: "instanceId", run: (id) => getRocketMqTasks({ instanceId: id }, opts()) },
  { kind: "function", name: "waitForRocketMqTask", field: "instanceId", run: (id) => waitForRocketMqTask({ instanceId: id, taskId: "t-1" }, opts()) },
  { kind: "function", name: "waitForRocketMqTask", field: "taskId", run: (id) => waitForRocketMqTask({ instanceId: rmq, taskId: id }, opts()) },
  { kind: "function", name: "waitForIdle", field: "instanceId", run: (id) => waitForIdle({ service: "rocketmq", instanceId: id }, opts()) },
  { kind: "function", name: "getCsmsTasks", field: "secretName", run: (id) => getCsmsTasks({ secretName: id }, opts()) },
  { kind: "function", name: "getCsmsTasks", field: "taskId", run: (id) => getCsmsTasks({ taskId: id }, opts()) },
  { kind: "function", name: "waitForCsmsTask", field: "secretName", run: (id) => waitForCsmsTask({ secretName: id }, opts()) },
  { kind: "function", name: "waitForDcsTask", field: "jobId", run: (id) => waitForDcsTask({ jobId: id }, opts()) },
  { kind: "function", name: "settings", field: "projectId", run: (id) => getDcsTasks({}, opts({ projectId: id })) },
  { kind: "resource", name: "KpsTaskWaiter", field: "taskId", resource: "KpsTaskWaiter", inputs: (id) => ({ taskId: id }) },
  { kind: "resource", name: "KpsKeypairAssociation", field: "serverId", resource: "KpsKeypairAssociation", inputs: (id) => ({ keypairName: "KeyPair-demo", serverId: id }) },
  { kind: "resource", name: "KpsKeypairAssociation", field: "keypairName", resource: "KpsKeypairAssociation", inputs: (id) => ({ keypairName: id, serverId: "s-1" }) },
  { kind: "resource", name: "CsmsTaskWaiter", field: "secretName", resource: "CsmsTaskWaiter", inputs: (id) => ({ secretName: id }) },
  { kind: "resource", name: "CsmsSecretRotation", field: "secretName", resource: "CsmsSecretRotation", inputs: (id) => ({ secretName: id }) },
  { kind: "resource", name: "DcsTaskWaiter", field: "jobId", resource: "DcsTaskWaiter", inputs: (id) => ({ jobId: id }) },
  { kind: "resource", name: "RocketMqTaskWaiter", field: "instanceId", resource: "RocketMqTaskWaiter", inputs: (id) => ({ instanceId: id, taskId: "t-1" }) },
  { kind: "resource", name: "TaskGate", field: "serverId", resource: "TaskGate", inputs: (id) => ({ service: "kps", serverId: id }) },
];

/** Endpoints whose path parameter schema is loosened to any string: only the client's encoding stands in the way. */
function loosened(ep: EndpointDef, param: string): EndpointDef {
  return { ...ep, pathParams: z.strictObject({ [param]: z.string() }) };
}
const FORCED: { ep: EndpointDef; param: string; badParameter: string }[] = [
  { ep: loosened(kpsShowTask, "task_id"), param: "task_id", badParameter: "KPS.0001" },
  { ep: loosened(rocketmqListTasks, "instance_id"), param: "instance_id", badParameter: "DMS.00400002" },
  { ep: loosened(csmsRotateSecret, "secret_name"), param: "secret_name", badParameter: "CSMS.0002" },
];

let client: TaskApiClient;
beforeAll(() => {
  client = new TaskApiClient({ settings: resolveSettings(ctx.emu.settings(), { env: {} }), retry: { maxRetries: 0 } });
});
beforeEach(() => {
  ctx.emu.clearRequests();
  clearProjectCache();
});

describe.each(DANGEROUS)("an id with $label", ({ id }) => {
  it(`is refused by every public function and resource, naming the field, before any request`, async () => {
    for (const s of SURFACES) {
      if (s.kind === "function") {
        const err = await s.run(id).catch((e: unknown) => e);
        expect([s.name, err]).toEqual([s.name, expect.any(InputError)]);
        expect([s.name, (err as InputError).issues.map((i) => i.field)]).toEqual([s.name, expect.arrayContaining([s.field])]);
      } else {
        const p = providerFor(s.resource) as unknown as { check(o: object, n: object): Promise<{ failures: { property: string }[] }> };
        const checked = await p.check({}, s.inputs(id));
        expect([s.name, checked.failures.map((f) => f.property)]).toEqual([s.name, expect.arrayContaining([s.field])]);
      }
    }
    expect(ctx.emu.requests()).toEqual([]);
  });

  it("forced past validation, reaches only its own route, id intact, or is refused before sending", async () => {
    for (const { ep, param, badParameter } of FORCED) {
      ctx.emu.clearRequests();
      const before = ctx.emu.tasks("csms").length;
      const err = await client.call(ep, { path: { [param]: id } }).catch((e: unknown) => e);
      const log = ctx.emu.requests();
      if (id === "." || id === "..") {
        // URL parsing would resolve these away whatever their encoding: the client never sends them.
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).field).toBe(param);
        expect(log).toEqual([]);
        continue;
      }
      // The emulator dispatched it to the intended operation, decoded the id exactly, and refused it there.
      expect(log.map((r) => ({ operation: r.operation, id: r.params[param], status: r.status }))).toEqual([
        { operation: ep.operation, id, status: 400 },
      ]);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 400, errorCode: badParameter, operation: ep.operation });
      // Nothing was started (the rotate route is a POST).
      expect(ctx.emu.tasks("csms")).toHaveLength(before);
    }
  });
});

it("a query value cannot add parameters: the emulator decodes it as one value of one key", async () => {
  const loose = { ...csmsListTasks, query: z.strictObject({ secret_name: z.string() }) } as EndpointDef;
  const value = "db-password&status=FAILED&task_id=x#y";
  await expect(client.call(loose, { query: { secret_name: value } })).rejects.toMatchObject({ status: 400, errorCode: "CSMS.0002" });
  const [r] = ctx.emu.requests();
  expect(r).toMatchObject({ operation: "ListSecretTask", query: { secret_name: value } });
  expect(Object.keys(r?.query ?? {})).toEqual(["secret_name"]);
});

it("control: spliced in raw, without the encoding, '../running-tasks' lands on another route", async () => {
  // What the encoding prevents: URL parsing resolves the dot segments and the call reaches ListRunningTask.
  const a = await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/../running-tasks`);
  expect(a.status).toBe(200);
  expect(ctx.emu.requests().map((r) => r.operation)).toEqual(["ListRunningTask"]);
  ctx.emu.clearRequests();
  const b = await raw(ctx.emu, "GET", `/v2/${ctx.emu.projectId}/instances/../tasks`);
  expect(b.status).toBe(200);
  expect(ctx.emu.requests().map((r) => r.operation)).toEqual(["ListCenterTask"]);
});
