/**
 * The shape of the source tree, checked: no import cycles (type-only imports included), the layers import only
 * downward, the public declarations never mention zod, and no source file grows past ~300 lines.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";

const root = resolve(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const files = [...sources("provider"), ...sources("emulator")];

/** The local modules `file` imports (value or type), as repository paths. */
function imports(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((f) => f.startsWith("."))
    .map((f) => {
      const base = relative(root, resolve(root, dirname(file), f));
      return files.includes(`${base}.ts`) ? `${base}.ts` : `${base}/index.ts`;
    });
}

const graph = new Map(files.map((f) => [f, imports(f)]));

function findCycle(): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === "done") return undefined;
    if (state.get(f) === "visiting") return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, "visiting");
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(f, "done");
    return undefined;
  };
  for (const f of files) {
    const cycle = visit(f);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The layer of a provider file; a layer may import only from its own or a lower one. */
function layer(file: string): number {
  const rank: [RegExp, number][] = [
    [/^provider\/names\.ts$/, 0],
    [/^provider\/errors\//, 0],
    [/^provider\/(util|waiter)\/|^provider\/http\/signer\.ts$/, 1],
    [/^provider\/(options|settings|config-keys)\.ts$/, 2],
    [/^provider\/(endpoints|http)\/|^provider\/(runtime|project)\.ts$/, 3],
    [/^provider\/core\//, 4],
    [/^provider\/tasks\//, 5],
    [/^provider\/functions\//, 6],
    [/^provider\/resources\//, 7],
    [/^provider\/index\.ts$/, 8],
  ];
  return rank.find(([re]) => re.test(file))?.[1] ?? -1;
}

describe("the source tree", () => {
  it("lists every provider file in a layer", () => {
    expect(files.filter((f) => f.startsWith("provider/") && layer(f) < 0)).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    expect(findCycle()).toBeUndefined();
  });

  it("imports only downward: resources → functions → tasks → core → endpoints, http → settings → waiter, util → errors", () => {
    const upward: string[] = [];
    for (const [from, tos] of graph) {
      if (!from.startsWith("provider/")) continue;
      for (const to of tos) if (to.startsWith("provider/") && layer(to) > layer(from)) upward.push(`${from} → ${to}`);
    }
    expect(upward).toEqual([]);
  });

  it("keeps the emulator off the client: it reads endpoint entries, never the HTTP client or the task modules", () => {
    const bad = [...graph].flatMap(([from, tos]) =>
      from.startsWith("emulator/") ? tos.filter((t) => /^provider\/(http\/client|http\/paging|tasks|core|functions|resources)/.test(t)).map((t) => `${from} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it("has no source file longer than 320 lines", () => {
    const long = files.map((f) => [f, readFileSync(join(root, f), "utf8").split("\n").length] as const).filter(([, n]) => n > 320);
    expect(long).toEqual([]);
  });
});
