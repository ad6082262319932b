/**
 * A local Huawei Cloud task-API emulator: KPS, CSMS, DCS, RocketMQ, the jobs of ECS, EVS and IMS, and IAM on one
 * loopback port, with signed requests, the services' wire quirks, task and job lifecycles on a (scalable) virtual
 * clock, and faults on demand.
 *
 * @example
 * const emu = await startEmulator({ timeScale: 1000 });
 * // Region, project id, keys, endpoint and time-scaled clock: everything the package needs to use it.
 * Object.assign(process.env, emu.env());
 * // ... run code against it ...
 * await emu.close();
 * @module
 */
import type {
  EmulatedService,
  EmulatorOptions,
  ExtraCredential,
  Fault,
  FaultInput,
  FaultMatch,
  FaultRuleInput,
  FaultRuleView,
  JobSpec,
  SubJobRecord,
  TaskExtra,
  TaskSpec,
  TaskView,
} from "./api";
import { ScaledClock, type VirtualClock } from "./clock";
import { SteppedClock } from "./stepped-clock";
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_AUTH_TOKEN,
  DEFAULT_PROJECT_ID,
  DEFAULT_REGION,
  DEFAULT_SECRET_KEY,
  DEFAULT_WORLD,
  type TaskService,
} from "./catalog";
import { SeededRandom } from "./random";
import { BEHAVIOURS } from "./services";
import { Store } from "./store";
import type { Outcome, Task } from "./world";
import { EmulatorServer } from "./server";
import type { EmulatorCredential, RequestRecord } from "./types";
import { adminCreateTask, taskView } from "./admin";
import { EmulatorOptionsSchema } from "./options";

export { ScaledClock, SteppedClock, DEFAULT_WORLD, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_PROJECT_ID, DEFAULT_REGION, DEFAULT_AUTH_TOKEN };
export type {
  VirtualClock,
  Task,
  TaskSpec,
  TaskExtra,
  TaskView,
  JobSpec,
  SubJobRecord,
  EmulatedService,
  Outcome,
  TaskService,
  RequestRecord,
  Fault,
  FaultInput,
  FaultMatch,
  FaultRuleInput,
  FaultRuleView,
  EmulatorCredential,
  EmulatorOptions,
  ExtraCredential,
};

/** A running emulator and its helpers. */
export interface Emulator {
  /**
   * Base URL, e.g. `http://127.0.0.1:43817`: use it as the endpoint of every service. `${url}/ecs` (any host key)
   * reaches that host's routes only.
   */
  readonly url: string;
  readonly port: number;
  readonly projectId: string;
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** The virtual clock tasks live on; pass it as the `clock` option of the wait functions. */
  readonly clock: ScaledClock;
  /** Settings to hand the package's functions (`{ region, projectId, accessKey, secretKey, endpoint }`). */
  settings(): { region: string; projectId: string; accessKey: string; secretKey: string; endpoint: string };
  /** Environment variables that point the package (or a Pulumi program) at this emulator. */
  env(): Record<string, string>;
  /** Creates a task with a chosen name, scope, duration and outcome. */
  createTask(spec: TaskSpec): TaskView;
  /** Overrides for the next task the public start APIs (associate, disassociate, rotate) create. */
  nextTask(spec: Omit<TaskSpec, "name" | "scope">): void;
  /** One task by id (visible or not), with its real finish time. */
  task(service: TaskService, id: string): TaskView | undefined;
  /** Every task of a service. */
  tasks(service: TaskService): TaskView[];
  /** Adds a server (KPS, ECS); a `prePaid` one's resize waits for payment unless auto-paid. */
  addServer(server: { id: string; name?: string; status?: "ACTIVE" | "SHUTOFF"; keypairName?: string; chargingMode?: "postPaid" | "prePaid" }): void;
  /** Adds a volume (EVS). */
  addVolume(volume: { id: string; name?: string; size?: number; volumeType?: string }): void;
  /** Adds a key pair name (KPS). */
  addKeypair(name: string): void;
  /** Adds a secret (CSMS). */
  addSecret(name: string): void;
  /**
   * Adds a DCS or RocketMQ instance. DCS instances may have a `status` (`RUNNING` by default; `ERROR`, `FROZEN`,
   * `CREATEFAILED` ...) and an `engine` (`Redis` by default), which the instance-status counts report.
   */
  addInstance(service: "dcs" | "rocketmq", id: string, name?: string, more?: { status?: string; engine?: "Redis" | "Memcached" }): void;
  /** Adds a fault rule; returns its id. */
  fault(rule: FaultRuleInput): string;
  /** Removes one fault rule, or all. */
  clearFaults(id?: string): void;
  /** Fault rules with their hits. */
  faults(): FaultRuleView[];
  /** The request log (admin calls excluded), optionally filtered. */
  requests(filter?: Partial<Pick<RequestRecord, "service" | "operation" | "accessKey">>): RequestRecord[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Moves the gateway's clock (the one `X-Sdk-Date` is checked against) `ms` away from real time. */
  setGatewayClockOffset(ms: number): void;
  /** Closes every connection, then listens again on the same port after `downMs` (state kept). */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and closes every connection. */
  close(): Promise<void>;
}

/** Starts an emulator. Resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const o = EmulatorOptionsSchema.parse(options);
  const clock = o.stepped ? new SteppedClock() : new ScaledClock(o.timeScale);
  const random = new SeededRandom(o.seed);
  const store = new Store(random, () => clock.now(), o.projectId, o.region, BEHAVIOURS);
  store.seedDefaultWorld(o.history);
  const credentials: EmulatorCredential[] = [
    { accessKey: o.accessKey, secretKey: o.secretKey, securityToken: o.securityToken },
    ...o.extraCredentials,
  ];
  const server = new EmulatorServer(
    store,
    {
      projectId: o.projectId,
      region: o.region,
      credentials,
      authTokens: o.authTokens,
      maxSkewMs: o.maxSkewMs,
      gatewayClockOffsetMs: o.gatewayClockOffsetMs,
      validateResponses: o.validateResponses,
      rateLimitPerSecond: o.rateLimitPerSecond,
    },
    { store, clock },
  );
  let port = await server.listen(o.host, o.port);
  const host = o.host.includes(":") ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    projectId: o.projectId,
    region: o.region,
    accessKey: o.accessKey,
    secretKey: o.secretKey,
    clock,
    settings: () => ({ region: o.region, projectId: o.projectId, accessKey: o.accessKey, secretKey: o.secretKey, endpoint: url }),
    env: () => ({
      HW_REGION_NAME: o.region,
      HW_PROJECT_ID: o.projectId,
      HW_ACCESS_KEY: o.accessKey,
      HW_SECRET_KEY: o.secretKey,
      HWC_TASKS_ENDPOINT: url,
      HWC_TASKS_CLOCK: clock.spec(),
    }),
    createTask: (spec) => adminCreateTask(store, spec),
    nextTask: (spec) => store.queueNext(spec.service, spec),
    task: (service, id) => {
      const t = store.peek(service, id);
      return t ? taskView(store, t) : undefined;
    },
    tasks: (service) => store.all(service).map((t) => taskView(store, t)),
    addServer: (s) =>
      store.servers.set(s.id, { id: s.id, name: s.name ?? "ecs", status: s.status ?? "SHUTOFF", keypairName: s.keypairName, chargingMode: s.chargingMode }),
    addVolume: (v) => store.volumes.set(v.id, { id: v.id, name: v.name ?? "volume", size: v.size ?? 40, volumeType: v.volumeType ?? "SSD" }),
    addKeypair: (name) => store.keypairs.add(name),
    addSecret: (name) => void store.addSecret(name),
    addInstance: (service, id, name = "instance", more = {}) =>
      (service === "dcs" ? store.dcsInstances : store.rocketmqInstances).set(id, { id, name, status: more.status, engine: more.engine }),
    fault: (rule) => server.faults.add(rule),
    clearFaults: (id) => server.faults.clear(id),
    faults: () => server.faults.list(),
    requests: (filter = {}) =>
      server.requests.filter(
        (r) =>
          (filter.service === undefined || r.service === filter.service) &&
          (filter.operation === undefined || r.operation === filter.operation) &&
          (filter.accessKey === undefined || r.accessKey === filter.accessKey),
      ),
    clearRequests: () => {
      server.requests.length = 0;
    },
    setGatewayClockOffset: (ms) => {
      server.config.gatewayClockOffsetMs = ms;
    },
    restart: async (downMs = 0) => {
      await server.close();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      port = await server.listen(o.host, port);
    },
    close: () => server.close(),
  };
}
