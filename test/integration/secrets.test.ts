/**
 * Credentials never leak: with canary credentials, every kind of failure (401, 403, 404, 429 after retries, a
 * reset, a timeout, a response-shape error, input errors) is checked for the canary strings in the error's text,
 * JSON, stack, inspection and causes, in every onExchange event, and in anything written to the console or to
 * stdout/stderr while the call ran.
 */
import { inspect } from "node:util";
import { Agent } from "undici";
import {
  ApiError,
  InputError,
  ResponseShapeError,
  getCsmsTasks,
  getDcsTasks,
  getKpsFailedTasks,
  getKpsRunningTasks,
  getKpsTask,
  getRocketMqTasks,
  type TaskApiOptions,
} from "../../provider";
import { DEFAULT_WORLD } from "../../emulator";
import { TaskApiClient, clearProjectCache, type ExchangeEvent } from "../../provider/http/client";
import { ThrottleGate } from "../../provider/http/retry";
import { kpsListRunningTasks } from "../../provider/endpoints";
import { resolveSettings } from "../../provider/settings";
import { useEmulator } from "../helpers/emulator";
import { capturingOutput, errorTexts, safeJson } from "../helpers/leaks";

const CANARY = {
  accessKey: "CANARYAK123456789012",
  secretKey: "canary-secret-XYZ-987",
  securityToken: "canary-token-QQQ",
};
const CANARIES = Object.values(CANARY);

/** An emulator that knows the canary credentials (so 403, 404, 429 ... are reachable). */
const known = useEmulator({ seed: 9, extraCredentials: [CANARY] });
/** An emulator that has never heard of them (401). */
const stranger = useEmulator({ seed: 10 });

let agent: Agent;
beforeAll(() => {
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
});
beforeEach(() => clearProjectCache());
afterEach(() => {
  known.emu.clearFaults();
  stranger.emu.clearFaults();
});

const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;

/** Options for a data-source call with the canary credentials against `emu`. */
function canaryOpts(
  emu: typeof known.emu,
  events: ExchangeEvent[],
  over: Partial<TaskApiOptions> = {},
): TaskApiOptions {
  return {
    region: emu.region,
    projectId: emu.projectId,
    endpoint: emu.url,
    ...CANARY,
    maxRetries: 0,
    sources: { env: {} },
    onExchange: (e) => events.push(e),
    ...over,
  };
}

const leaked = (texts: readonly string[]) => CANARIES.filter((c) => texts.some((t) => t.includes(c)));

interface Observed {
  error: unknown;
  events: ExchangeEvent[];
  /** Everything written to the console, stdout or stderr during the call. */
  output: string[];
}

/** Runs a call that must fail, capturing its error, its exchanges and all console/stdio output. */
async function observe(run: (events: ExchangeEvent[]) => Promise<unknown>): Promise<Observed> {
  const events: ExchangeEvent[] = [];
  const output: string[] = [];
  let error: unknown;
  try {
    await capturingOutput(output, () => run(events));
  } catch (e) {
    error = e;
  }
  return { error, events, output };
}

function expectNoLeak(o: Observed): void {
  expect(o.error).toBeDefined();
  expect(leaked(errorTexts(o.error))).toEqual([]);
  expect(leaked([safeJson(o.events), ...o.events.map((e) => inspect(e))])).toEqual([]);
  expect(leaked(o.output)).toEqual([]);
}

interface LeakCase {
  name: string;
  run: (events: ExchangeEvent[]) => Promise<unknown>;
  /** What the failure must be, so the case proves it reached the intended path. */
  expected: (error: unknown, events: ExchangeEvent[]) => void;
}

const apiError = (status: number, errorCode?: string) => (error: unknown) => {
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(status);
  if (errorCode) expect((error as ApiError).errorCode).toBe(errorCode);
};
const inputError = (field: string) => (error: unknown) => {
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).issues.map((i) => i.field)).toContain(field);
};

const cases: LeakCase[] = [
  {
    name: "401: the gateway does not know the access key",
    run: (ev) => getKpsRunningTasks({}, canaryOpts(stranger.emu, ev)),
    expected: (e, ev) => {
      apiError(401, "APIGW.0301")(e);
      expect(ev).toHaveLength(1);
    },
  },
  {
    name: "401 while resolving the project id through IAM",
    run: (ev) => getDcsTasks({}, canaryOpts(stranger.emu, ev, { projectId: undefined })),
    expected: (e) => {
      apiError(401, "APIGW.0301")(e);
      expect((e as ApiError).service).toBe("iam");
    },
  },
  {
    name: "401 whose error message echoes the credentials back",
    run: (ev) => {
      known.emu.fault({
        fault: {
          kind: "status",
          status: 401,
          errorCode: "APIGW.0301",
          errorMsg: `access key ${CANARY.accessKey} / secret ${CANARY.secretKey} / token ${CANARY.securityToken} refused`,
        },
        count: 1,
      });
      return getCsmsTasks({}, canaryOpts(known.emu, ev));
    },
    expected: (e) => {
      apiError(401, "APIGW.0301")(e);
      expect((e as ApiError).errorMsg).toMatch(/^access key \*+ \/ secret \*+ \/ token \*+ refused$/);
    },
  },
  {
    name: "403: a project id that is not the caller's",
    run: (ev) => getKpsRunningTasks({}, canaryOpts(known.emu, ev, { projectId: "0000000000000000000000000000dead" })),
    expected: apiError(403, "KPS.0403"),
  },
  {
    name: "404: a task that does not exist",
    run: (ev) => getKpsTask({ taskId: "no-such-task" }, canaryOpts(known.emu, ev)),
    expected: apiError(404, "KPS.0404"),
  },
  {
    name: "404: an instance that does not exist",
    run: (ev) => getRocketMqTasks({ instanceId: "00000000-0000-0000-0000-00000000beef" }, canaryOpts(known.emu, ev)),
    expected: apiError(404, "DMS.00404022"),
  },
  {
    name: "429 until the retries run out",
    run: (ev) => {
      known.emu.fault({ fault: { kind: "throttle", retryAfter: "1" }, match: { operation: "ListRunningTask" }, count: 10 });
      let t = Date.now();
      const client = new TaskApiClient({
        settings: resolveSettings({ region: known.emu.region, projectId: known.emu.projectId, endpoint: known.emu.url, ...CANARY }, { env: {} }),
        dispatcher: agent,
        now: () => t,
        sleep: async (ms) => {
          t += ms;
        },
        random: () => 0.5,
        gate: new ThrottleGate(() => t, () => 0.5),
        retry: { maxRetries: 3 },
        onExchange: (e) => ev.push(e),
      });
      return client.call(kpsListRunningTasks, {});
    },
    expected: (e, ev) => {
      apiError(429, "APIGW.0308")(e);
      expect((e as ApiError).attempts).toBe(4);
      expect(ev).toHaveLength(4);
    },
  },
  {
    name: "429 through a data-source function (maxRetries 0)",
    run: (ev) => {
      known.emu.fault({ fault: { kind: "throttle" }, match: { operation: "ListFailedTask" }, count: 1 });
      return getKpsFailedTasks({}, canaryOpts(known.emu, ev));
    },
    expected: apiError(429, "APIGW.0308"),
  },
  {
    name: "a connection reset",
    run: (ev) => {
      known.emu.fault({ fault: { kind: "reset" }, match: { operation: "ListCenterTask" }, count: 1 });
      return getDcsTasks({}, canaryOpts(known.emu, ev));
    },
    expected: (e, ev) => {
      apiError(0, "NETWORK")(e);
      expect(ev[0]?.failure).toBe("reset");
    },
  },
  {
    name: "a hung server and the per-request timeout",
    run: (ev) => {
      known.emu.fault({ fault: { kind: "hang" }, match: { operation: "ListSecretTask" }, count: 1 });
      return getCsmsTasks({}, canaryOpts(known.emu, ev, { requestTimeoutMs: 100 }));
    },
    expected: apiError(0, "TIMEOUT"),
  },
  {
    name: "a ResponseShapeError (an HTML page with status 200)",
    run: (ev) => {
      known.emu.fault({ fault: { kind: "html", status: 200 }, match: { operation: "ListBackgroundTasks" }, count: 1 });
      return getRocketMqTasks({ instanceId: rmq }, canaryOpts(known.emu, ev));
    },
    expected: (e) => expect(e).toBeInstanceOf(ResponseShapeError),
  },
  {
    name: "an aborted call",
    run: (ev) => getKpsRunningTasks({}, { ...canaryOpts(known.emu, ev), signal: AbortSignal.abort() }),
    expected: (e) => expect((e as Error).name).toBe("AbortError"),
  },
  {
    name: "InputError: a malformed access key that contains the canary",
    run: (ev) => getKpsRunningTasks({}, canaryOpts(known.emu, ev, { accessKey: `${CANARY.accessKey} x` })),
    expected: inputError("accessKey"),
  },
  {
    name: "InputError: a malformed secret key that contains the canary",
    run: (ev) => getKpsTask({ taskId: "t-1" }, canaryOpts(known.emu, ev, { secretKey: `${CANARY.secretKey}\n` })),
    expected: inputError("secretKey"),
  },
  {
    name: "InputError: a malformed security token that contains the canary",
    run: (ev) => getCsmsTasks({}, canaryOpts(known.emu, ev, { securityToken: ` ${CANARY.securityToken}` })),
    expected: inputError("securityToken"),
  },
  {
    name: "InputError: malformed credentials from the environment",
    run: (ev) =>
      getDcsTasks(
        {},
        {
          onExchange: (e) => ev.push(e),
          sources: {
            env: {
              HW_REGION_NAME: known.emu.region,
              HWC_TASKS_ENDPOINT: known.emu.url,
              HW_ACCESS_KEY: `${CANARY.accessKey} `,
              HUAWEICLOUD_SDK_SK: `${CANARY.secretKey} tail`,
              HW_SECURITY_TOKEN: `${CANARY.securityToken}\t`,
            },
          },
        },
      ),
    expected: (e) => {
      inputError("accessKey")(e);
      expect((e as InputError).issues.map((i) => i.field).sort()).toEqual(["accessKey", "secretKey", "securityToken"]);
    },
  },
  {
    name: "InputError: a missing secret key next to a canary access key",
    run: (ev) => getRocketMqTasks({ instanceId: rmq }, canaryOpts(known.emu, ev, { secretKey: undefined })),
    expected: inputError("secretKey"),
  },
  {
    name: "InputError: bad arguments with good canary credentials",
    run: (ev) => getKpsTask({ taskId: "../x" }, canaryOpts(known.emu, ev)),
    expected: inputError("taskId"),
  },
  {
    name: "InputError: a bad region with good canary credentials",
    run: (ev) => getDcsTasks({}, canaryOpts(known.emu, ev, { region: "moon" })),
    expected: inputError("region"),
  },
];

describe("no credential in any error, exchange event or output", () => {
  it.each(cases)("$name", async ({ run, expected }) => {
    const observed = await observe(run);
    expected(observed.error, observed.events);
    expectNoLeak(observed);
  });
});

it("the canaries really were sent: the emulator saw the canary access key", () => {
  expect(known.emu.requests({ accessKey: CANARY.accessKey }).length).toBeGreaterThan(0);
});

it("the leak detector itself finds a canary planted in a cause, an event, the console and stdout", async () => {
  const observed = await observe(async (events) => {
    events.push({ service: "kps", operation: "X", method: "GET", path: `/v3/p?t=${CANARY.securityToken}`, status: 0, attempt: 1, durationMs: 0, requestId: undefined });
    console.warn("signing with", CANARY.secretKey);
    process.stdout.write(`ak=${CANARY.accessKey}\n`);
    throw new ApiError({ service: "kps", operation: "X", status: 0, attempts: 1 }, { cause: new Error(`sk ${CANARY.secretKey}`) });
  });
  expect(leaked(errorTexts(observed.error))).toEqual([CANARY.secretKey]);
  expect(leaked([safeJson(observed.events)])).toEqual([CANARY.securityToken]);
  expect(leaked(observed.output)).toEqual([CANARY.accessKey, CANARY.secretKey]);
});
