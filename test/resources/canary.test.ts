/**
 * Proof 4: a canary access key, secret key and security token, configured in the stack config (Configure) and in
 * the host's environment, appear nowhere: not in `__provider`, inputs, outputs, error messages or log lines.
 */
import { join } from "node:path";
import { KpsKeypairAssociation, KpsTaskWaiter, TaskGate } from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { captureRegistrations, startHost, type Host, type HostError } from "../helpers/host";

const canary = {
  accessKey: "CANARYHOSTAK00000042",
  secretKey: "canary-host-secret-key-7f3a9c",
  securityToken: "canary-host-security-token-5b1e",
};
// The emulator knows the canary credentials, so calls succeed and errors come from tasks, not from auth.
const ctx = useEmulator({ timeScale: 200, seed: 61, accessKey: canary.accessKey, secretKey: canary.secretKey, securityToken: canary.securityToken });
const canaries = Object.values(canary);
let host: Host;
const seen: string[] = [];

function expectClean(what: string, text: string): void {
  for (const c of canaries) {
    if (text.includes(c)) throw new Error(`${what} contains a credential`);
  }
  seen.push(what);
}

beforeAll(async () => {
  const s = ctx.emu.settings();
  // Half in the environment, half in the stack config: both ways of configuring the host.
  host = await startHost(join(__dirname, "..", ".."), {
    HW_REGION_NAME: s.region,
    HW_PROJECT_ID: s.projectId,
    HW_ACCESS_KEY: canary.accessKey,
    HW_SECURITY_TOKEN: canary.securityToken,
    HWC_TASKS_ENDPOINT: s.endpoint,
    HWC_TASKS_CLOCK: ctx.emu.clock.spec(),
  });
  await host.configure({ "huaweicloud:secretKey": canary.secretKey, "huaweicloud:securityToken": canary.securityToken });
});
afterAll(async () => {
  await host?.kill();
});

describe("credentials never leave the host", () => {
  it("appear in no __provider, input, output, error or log line", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-canary-1" });
    emu.addServer({ id: "srv-canary-2" });
    emu.nextTask({ service: "kps", durationMs: 10_000, outcome: "success" });
    const ok = await captureRegistrations(() => [new KpsKeypairAssociation("ok", { keypairName: "KeyPair-demo", serverId: "srv-canary-1" })]);
    const okInputs = [...ok.values()][0] ?? {};
    expectClean("__provider", String(okInputs["__provider"]));
    expectClean("inputs", JSON.stringify(okInputs));
    const checked = await host.check({}, okInputs);
    expectClean("checked inputs", JSON.stringify(checked));
    const created = await host.create("urn:pulumi:test::p::pulumi-nodejs:dynamic/hwc-tasks:KpsKeypairAssociation::ok", checked.inputs);
    expect(created.properties["status"]).toBe("SUCCESS_RESET");
    expectClean("outputs", JSON.stringify(created));
    expectClean("refreshed outputs", JSON.stringify(await host.read("urn:x", created.id, created.properties)));

    // Errors: a failed task, a refused start, an unknown task after its grace, a timeout.
    emu.nextTask({ service: "kps", durationMs: 10_000, outcome: "failure", errorCode: "KPS.2010", errorMsg: "injection failed" });
    const failures: HostError[] = [];
    const attempt = async (props: Record<string, unknown>, type: string) => {
      const reg = await captureRegistrations(() => [
        type === "KpsTaskWaiter"
          ? new KpsTaskWaiter("e", props as { taskId: string; timeout?: string })
          : type === "TaskGate"
            ? new TaskGate("e", props as { service: "kps"; serverId?: string; timeout?: string })
            : new KpsKeypairAssociation("e", props as { keypairName: string; serverId: string }),
      ]);
      const inputs = [...reg.values()][0] ?? {};
      failures.push((await host.create(`urn:pulumi:test::p::t::${type}`, inputs).catch((e: unknown) => e)) as HostError);
    };
    await attempt({ keypairName: "KeyPair-demo", serverId: "srv-canary-2" }, "KpsKeypairAssociation");
    await attempt({ keypairName: "no-such-keypair", serverId: "srv-canary-2" }, "KpsKeypairAssociation");
    await attempt({ taskId: "0000-missing-task", timeout: "3m" }, "KpsTaskWaiter");
    emu.createTask({ service: "kps", name: "RESET", scope: "srv-canary-2", durationMs: 3_600_000 });
    await attempt({ service: "kps", serverId: "srv-canary-2", timeout: "1m" }, "TaskGate");
    expect(failures.map((f) => f.details)).toEqual([
      expect.stringMatching(/KPS\.2010: injection failed/),
      expect.stringMatching(/HTTP 404 KPS\.0006/),
      expect.stringMatching(/is not shown by the service .*\(KPS\.0404\)/),
      expect.stringMatching(/timed out after/),
    ]);
    for (const f of failures) expectClean(`error ${f.details.slice(0, 30)}`, `${f.message} ${f.details} ${JSON.stringify(f)}`);

    // Everything the host printed: pulumi.log progress lines and any error output.
    expect(host.output()).toMatch(/info: \[runtime\]/);
    expectClean("host log", host.output());
    expect(seen.length).toBeGreaterThanOrEqual(9);
  });
});
