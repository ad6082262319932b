/**
 * The emulator's public types, written out (no schemas), so that a program's type check never loads zod. The
 * schemas that check the same shapes at run time live beside the code that uses them; test/unit/emulator-api.test.ts
 * proves each type equal to its schema's.
 * @module
 */
/** Service-specific task fields. */
export interface TaskExtra {
  userName?: string;
  userId?: string;
  params?: string;
  details?: Record<string, unknown> | null;
  jobId?: string;
  enableShow?: boolean;
  keypairName?: string;
  serverName?: string;
  rotationFuncUrn?: string;
  operateType?: string;
  attemptNums?: number;
  /** Jobs: the servers an ECS job acts on (one sub-job each for a batch). */
  serverIds?: string[];
  /** ECS resize: the flavor the server gets. */
  flavorRef?: string;
  /** EVS jobs: the volume, its type and (extend) its new size in GB. */
  volumeId?: string;
  volumeType?: string;
  size?: number;
  /** IMS jobs: the image made. */
  imageId?: string;
  imageName?: string;
  /** Jobs: the status of the queued stage (`INIT`; ECS `PENDING_PAYMENT`; EVS `WAITING_EXECUTE`, `LISTENING`). */
  queuedStatus?: string;
  /** Jobs: the sub-jobs of a batch. */
  subJobs?: SubJobRecord[];
}

/** One sub-job of an emulated job: it ends at `finishFraction` of its job's running stage. */
export interface SubJobRecord {
  id: string;
  type: string;
  /** The server, volume or image it acts on or makes. */
  entityId: string;
  finishFraction: number;
  failed: boolean;
}

/** The services the emulator plays tasks or jobs of. */
export type EmulatedService = "kps" | "csms" | "dcs" | "rocketmq" | "ecs" | "evs" | "ims";

/** What a caller may fix of an ECS, EVS or IMS job besides what every task has. */
export interface JobSpec {
  /** Sub-jobs of a batch (a create of several servers, a batch start ...). @default none (a batch started through the API has one per server) */
  subJobs?: number | undefined;
  /** How many of the sub-jobs fail (the job then fails, its sub-jobs carrying the error). @default 1 when the job fails */
  failedSubJobs?: number | undefined;
  /** The status of the queued stage: `INIT`, or ECS's `PENDING_PAYMENT`, or EVS's `WAITING_EXECUTE`/`LISTENING`. @default "INIT" */
  queuedStatus?: "INIT" | "PENDING_PAYMENT" | "WAITING_EXECUTE" | "LISTENING" | undefined;
}

/** A fault that replaces or changes answers, or changes how one task is seen. */
export type Fault =
  /** That HTTP status in the service's error shape (500/502/503/504 ...). */
  | { kind: "status"; status: number; errorCode?: string | undefined; errorMsg?: string | undefined; retryAfter?: string | undefined }
  /** 429 `APIGW.0308`, the gateway's throttling answer. */
  | { kind: "throttle"; retryAfter?: string | undefined }
  /** Extra real latency before the answer. */
  | { kind: "latency"; ms: number }
  /** No answer at all until the client gives up (or the emulator closes). */
  | { kind: "hang" }
  /** The connection is destroyed without an answer. */
  | { kind: "reset" }
  /** Headers promise more body than is sent, then the connection closes. */
  | { kind: "truncate" }
  /** An HTML error page, as a load balancer in front of the API would send (status 502 unless given). */
  | { kind: "html"; status: number }
  /** A well-formed but surprising JSON body. */
  | { kind: "mutate"; mutation: "extra-fields" | "drop-optional" | "numbers-as-strings" }
  /** The task disappears: 404 by id, absent from lists. */
  | { kind: "vanish"; taskId: string }
  /** The task shows a status no client has seen. */
  | { kind: "unknown-status"; taskId: string; status: string }
  /** The task is absent from list answers (a list that lags); a read by id still shows it. */
  | { kind: "omit"; taskId: string }
  /** A read by id of the task answers an error in the service's shape (a 4xx that concerns that task only). */
  | { kind: "task-error"; taskId: string; status: number; errorCode?: string | undefined; errorMsg?: string | undefined };

/** A fault as given: the same, with the HTML page's status optional. */
export type FaultInput = Exclude<Fault, { kind: "html" }> | { kind: "html"; status?: number | undefined };

/** Which requests a rule applies to (all when empty). */
export interface FaultMatch {
  service?: EmulatedService | "iam" | undefined;
  operation?: string | undefined;
  method?: "GET" | "POST" | "DELETE" | undefined;
}

/** A fault rule as the admin API and `emulator.fault()` take it. */
export interface FaultRuleInput {
  fault: FaultInput;
  match?: FaultMatch | undefined;
  /** Affected responses. @default 1 when no window is given */
  count?: number | undefined;
  /** Active for this many real ms (after `afterMs`). */
  forMs?: number | undefined;
  /** Becomes active after this many real ms. @default 0 */
  afterMs?: number | undefined;
}

/** Public view of a rule. */
export interface FaultRuleView {
  id: string;
  fault: Fault;
  match: FaultMatch;
  remaining: number | undefined;
  hits: number;
  active: boolean;
}

/** What a caller may fix when a task is created (everything else is drawn from the seeded distributions). */
export interface TaskSpec {
  service: EmulatedService;
  /** Task name (DCS/RocketMQ), operation (KPS), job type (ECS/EVS/IMS). @default a type of the service */
  name?: string | undefined;
  /** Server id, secret name, instance id, volume id (EVS) or image id (IMS). @default the first of the world */
  scope?: string | undefined;
  /** Total duration, virtual ms. @default drawn from the task type's distribution */
  durationMs?: number | undefined;
  /** @default drawn from the task type's failure rate */
  outcome?: "success" | "failure" | undefined;
  errorCode?: string | undefined;
  errorMsg?: string | undefined;
  /** Created this many virtual ms from now (negative: in the past). @default 0 */
  startInMs?: number | undefined;
  /** Invisible for this many virtual ms after creation. @default 0 */
  visibleAfterMs?: number | undefined;
  /** ECS, EVS and IMS jobs only: sub-jobs, failing sub-jobs, the queued status. */
  job?: JobSpec | undefined;
  /** Service fields to set (programmatic use). */
  extra?: TaskExtra;
}

/** An admin view of a task: what a test needs to know, including when it really ends, and its status now. */
export interface TaskView {
  service: EmulatedService;
  id: string;
  name: string;
  scope: string;
  createdAt: number;
  startedAt: number;
  finishAt: number;
  visibleAt: number;
  outcome: "success" | "failure";
  errorCode: string | undefined;
  errorMsg: string | undefined;
  /** DCS: the task's job id (`GET /v2/{project_id}/jobs/{job_id}` shows the task as a job). */
  jobId: string | undefined;
  status: string;
}

/** A credential the gateway accepts besides the main one. */
export interface ExtraCredential {
  accessKey: string;
  secretKey: string;
  securityToken?: string | undefined;
}

/** Options of `startEmulator` (and the matching CLI flags). */
export interface EmulatorOptions {
  /** Address to bind. Admin routes answer loopback peers only. @default "127.0.0.1" */
  host?: string | undefined;
  /** Port; 0 picks a free one. @default 0 */
  port?: number | undefined;
  /** Access key the gateway accepts. @default "HWCTASKSEMULATORAK01" */
  accessKey?: string | undefined;
  /** Secret key of `accessKey`. @default "hwc-tasks-emulator-secret-key" */
  secretKey?: string | undefined;
  /** When set, requests must carry this `X-Security-Token` (temporary credentials). */
  securityToken?: string | undefined;
  /** More credentials the gateway accepts (e.g. one per benchmark policy, to count calls by AK). */
  extraCredentials?: ExtraCredential[] | undefined;
  /** `X-Auth-Token` values KPS accepts. @default ["hwc-tasks-emulator-token"] */
  authTokens?: string[] | undefined;
  /** The project id of the emulated account. @default "0f1e2d3c4b5a69788796a5b4c3d2e1f0" */
  projectId?: string | undefined;
  /** The region IAM resolves the project for. @default "cn-north-4" */
  region?: string | undefined;
  /** Seed of every random draw (ids, durations, outcomes, history). @default 1 */
  seed?: number | undefined;
  /** Virtual ms per real ms: 1000 plays a 60 s task in 60 ms. @default 1 */
  timeScale?: number | undefined;
  /**
   * Virtual time jumps from one sleeper's wake-up to the next whenever the process is idle (`SteppedClock`): no time
   * scale, no distortion by load. Only for waiters in this process, sleeping on `emu.clock`; `timeScale` is then
   * ignored. @default false
   */
  stepped?: boolean | undefined;
  /** Finished tasks seeded per task type, created over the past day (the history waiters learn from). @default 3 */
  history?: number | undefined;
  /** Largest accepted `X-Sdk-Date` skew, ms. @default 900000 (15 minutes) */
  maxSkewMs?: number | undefined;
  /**
   * Offset of the gateway's own clock from real time, ms, when it checks `X-Sdk-Date` (a gateway whose clock is off,
   * i.e. a client skewed by the opposite amount): beyond `maxSkewMs` every signed call is 401. @default 0
   */
  gatewayClockOffsetMs?: number | undefined;
  /** Check every answer against the shared response schemas. @default true */
  validateResponses?: boolean | undefined;
  /** Calls per second per access key and API before 429 `APIGW.0308`; unlimited when absent. */
  rateLimitPerSecond?: number | undefined;
}
