/**
 * The README stays true: every TypeScript block compiles as written in a CommonJS Pulumi program (no top-level
 * `await`, no undeclared names), type-checked against the package's built declarations; and the sample output of
 * `npm run demo` is what the demo prints (ids, ports, times and counts aside).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";

const root = join(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The fenced blocks of a language, with the README line each starts on. */
function blocks(lang: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const re = new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm");
  for (let m = re.exec(readme); m; m = re.exec(readme)) out.push({ line: readme.slice(0, m.index).split("\n").length, code: m[1] ?? "" });
  return out;
}

/**
 * Compiler options of the tsconfig `pulumi new typescript` writes (strict, CommonJS, node resolution), with the
 * package resolved to its built declarations (test/resources/declarations.test.ts checks those declarations under
 * the template's own tsconfig).
 */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  experimentalDecorators: true,
  noEmit: true,
  types: ["node"],
  paths: {
    "pulumi-hwc-tasks": [join(root, "dist", "provider", "index.d.ts")],
    "pulumi-hwc-tasks/emulator": [join(root, "dist", "emulator", "index.d.ts")],
  },
};

describe("README.md", () => {
  it("every ts block compiles as written in a CommonJS Pulumi program", () => {
    const found = blocks("ts");
    expect(found.length).toBeGreaterThanOrEqual(2);
    // Each block is its own module, placed in the repository so that @pulumi/pulumi resolves from node_modules.
    const files = new Map(found.map((b) => [join(root, "test", "docs", `readme-block-line-${b.line}.ts`), b.code]));
    const host = ts.createCompilerHost(OPTIONS);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
    host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
    host.getSourceFile = (f, v, onError, create) => {
      const text = files.get(f);
      return text !== undefined ? ts.createSourceFile(f, text, v) : getSourceFile.call(host, f, v, onError, create);
    };
    const program = ts.createProgram([...files.keys()], OPTIONS, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(root, ".")}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
  });

  it("shows what `npm run demo` prints, ids, ports, times and counts aside", async () => {
    const sample = blocks("text").find((b) => b.code.startsWith("Huawei Cloud task-API emulator:"));
    expect(sample).toBeDefined();
    // No Pulumi CLI reachable (an empty PATH): the dynamic-provider host path the README shows.
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, "dist", "scripts", "demo.js")], {
      cwd: root,
      env: { PATH: "", HOME: process.env["HOME"] },
    });
    // Whether a look happens to see the task running depends on timing (a slow machine may first see it
    // finished): the in-between status lines are left out of the comparison on both sides.
    const shape = (text: string) =>
      text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<time>")
        .replace(/\d+/g, "<n>")
        .trimEnd()
        .split("\n")
        .filter((line) => !/: (READY|RUNNING)_RESET after <n> s$/.test(line));
    expect(shape(stdout)).toEqual(shape(sample?.code ?? ""));
  });
});
