/**
 * The real Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, the process the engine starts as
 * `pulumi-resource-pulumi-nodejs`), started as a child process and driven over gRPC the way the engine drives it.
 * Used by the tests and by `local-run` (running a program without the Pulumi CLI).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { HwcTasksError } from "../provider/errors";
import { JOURNAL_ENV } from "../provider/core/journal";

// The stubs and message classes shipped inside @pulumi/pulumi, so message classes match the host's; gRPC and
// protobuf are @pulumi/pulumi's own dependencies, so they are loaded from where it is installed.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const provrpc = fromPulumi("./proto/provider_grpc_pb") as Record<string, unknown>;
const provproto = fromPulumi("./proto/provider_pb") as Record<string, new () => Message>;
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: unknown): unknown } };

const HOST_SCRIPT = "@pulumi/pulumi/cmd/dynamic-provider/index.js";

/** The dynamic-provider host of the @pulumi/pulumi that `cwd` (a program's directory) uses, else this package's. */
function hostScriptFor(cwd: string): string {
  try {
    return createRequire(join(cwd, "program.js")).resolve(HOST_SCRIPT);
  } catch {
    return require.resolve(HOST_SCRIPT);
  }
}

interface Message {
  [setter: string]: unknown;
}
interface StructLike {
  toJavaScript(): Record<string, unknown>;
}

/** A gRPC error from the host. */
export interface HostError extends Error {
  code: number;
  details: string;
}

/** A running host. */
export interface Host {
  port: number;
  /** Everything the host printed (pulumi.log lines go to stdout). */
  output(): string;
  configure(config: Record<string, string>): Promise<void>;
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes: number; replaces: string[] }>;
  create(urn: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }>;
  read(urn: string, id: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }>;
  update(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ properties: Record<string, unknown> }>;
  delete(urn: string, id: string, props: Record<string, unknown>): Promise<void>;
  kill(): Promise<void>;
  /** The child process (to kill it rudely). */
  child: ChildProcess;
}

/**
 * Starts the host in `cwd` (where `node_modules/pulumi-hwc-tasks` must resolve) with `env`.
 * @param hostScript the host to start. @default the one of the `@pulumi/pulumi` that `cwd` resolves
 * @param onLine called with each line the host prints after its port (its `pulumi.log` output).
 */
export async function startHost(
  cwd: string,
  env: Record<string, string | undefined>,
  hostScript?: string,
  onLine?: (line: string) => void,
): Promise<Host> {
  const script = hostScript ?? hostScriptFor(cwd);
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], [JOURNAL_ENV]: process.env[JOURNAL_ENV], PULUMI_NODEJS_PROJECT: "hwc-tasks-test", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The host ends with this process, whatever ends it (an orderly kill() reaps it first).
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  child.once("exit", () => process.off("exit", reap));
  // Fired once the process has exited and its stdio pipes are closed: nothing of it is left open after that.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let out = "";
  let pending = "";
  const feed = (text: string) => {
    out += text;
    if (!onLine) return;
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) if (l.trim()) onLine(l);
  };
  child.stderr?.on("data", (d: Buffer) => feed(d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let first = "";
    const onData = (d: Buffer) => {
      first += d.toString();
      const nl = first.indexOf("\n");
      if (nl >= 0) {
        child.stdout?.off("data", onData);
        feed(first.slice(nl + 1));
        child.stdout?.on("data", (more: Buffer) => feed(more.toString()));
        resolve(Number(first.slice(0, nl).trim()));
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (c) => reject(new HwcTasksError(`host exited with ${c}: ${out}`)));
  });
  const Client = provrpc["ResourceProviderClient"] as new (addr: string, creds: unknown) => Record<string, (req: unknown, cb: (e: HostError | null, r: Message) => void) => void>;
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, req: unknown) =>
    new Promise<Message>((resolve, reject) => {
      const fn = client[method];
      if (!fn) throw new HwcTasksError(`no method ${method}`);
      fn.call(client, req, (e, r) => (e ? reject(e) : resolve(r)));
    });
  const msg = (name: string, fields: Record<string, unknown>) => {
    const Ctor = provproto[name];
    if (!Ctor) throw new HwcTasksError(`no message ${name}`);
    const m = new Ctor();
    for (const [k, v] of Object.entries(fields)) (m[`set${k}`] as (x: unknown) => void).call(m, v);
    return m;
  };
  const struct = (v: Record<string, unknown>) => Struct.fromJavaScript(v);
  const js = (m: Message, getter: string) => ((m[getter] as () => StructLike | undefined).call(m)?.toJavaScript() ?? {}) as Record<string, unknown>;
  const str = (m: Message, getter: string) => (m[getter] as () => string).call(m);
  return {
    port,
    child,
    output: () => out,
    async configure(config) {
      await call("configure", msg("ConfigureRequest", { Args: struct(config) }));
    },
    async check(olds, news) {
      const r = await call("check", msg("CheckRequest", { Urn: "urn:pulumi:s::p::t::n", Olds: struct(olds), News: struct(news) }));
      const failures = (r["getFailuresList"] as () => Message[]).call(r).map((f) => ({ property: str(f, "getProperty"), reason: str(f, "getReason") }));
      return { inputs: js(r, "getInputs"), failures };
    },
    async diff(id, olds, news) {
      const r = await call("diff", msg("DiffRequest", { Id: id, Urn: "urn:pulumi:s::p::t::n", Olds: struct(olds), News: struct(news) }));
      return { changes: (r["getChanges"] as () => number).call(r), replaces: (r["getReplacesList"] as () => string[]).call(r) };
    },
    async create(urn, props) {
      const r = await call("create", msg("CreateRequest", { Urn: urn, Properties: struct(props) }));
      return { id: str(r, "getId"), properties: js(r, "getProperties") };
    },
    async read(urn, id, props) {
      const r = await call("read", msg("ReadRequest", { Id: id, Urn: urn, Properties: struct(props) }));
      return { id: str(r, "getId"), properties: js(r, "getProperties") };
    },
    async update(urn, id, olds, news) {
      const r = await call("update", msg("UpdateRequest", { Id: id, Urn: urn, Olds: struct(olds), News: struct(news) }));
      return { properties: js(r, "getProperties") };
    },
    async delete(urn, id, props) {
      await call("delete", msg("DeleteRequest", { Id: id, Urn: urn, Properties: struct(props) }));
    },
    async kill() {
      (client as unknown as { close(): void }).close();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await closed;
    },
  };
}

