/**
 * The package's declarations compile in a user's program as `pulumi new typescript` sets it up (its tsconfig, copied
 * in test/fixtures/pulumi-template: strict, CommonJS, node resolution, no esModuleInterop, no skipLibCheck), with
 * zero errors; and the main entry's declarations never load zod, whose own declarations depend on the compiler and
 * settings a user has.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

const root = join(__dirname, "..", "..");
const fixture = join(root, "test", "fixtures", "pulumi-template");

/** The template's compiler options, with the package resolved to this repository's built declarations. */
function options(): ts.CompilerOptions {
  const raw = ts.parseConfigFileTextToJson("tsconfig.json", readFileSync(join(fixture, "tsconfig.json"), "utf8"));
  const parsed = ts.convertCompilerOptionsFromJson(raw.config.compilerOptions, fixture);
  expect(parsed.errors).toEqual([]);
  expect(parsed.options.skipLibCheck).toBeUndefined();
  expect(parsed.options.esModuleInterop).toBeUndefined();
  return {
    ...parsed.options,
    noEmit: true,
    paths: {
      "pulumi-hwc-tasks": [join(root, "dist", "provider", "index.d.ts")],
      "pulumi-hwc-tasks/emulator": [join(root, "dist", "emulator", "index.d.ts")],
    },
  };
}

function compile(files: string[]): { problems: string[]; loaded: string[] } {
  const program = ts.createProgram(files, options());
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(root, ".")}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  return { problems, loaded: program.getSourceFiles().map((f) => f.fileName) };
}

it("a program using functions, waits, resources, errors and the emulator compiles with zero errors", () => {
  const { problems, loaded } = compile([join(fixture, "index.ts")]);
  expect(problems).toEqual([]);
  expect(loaded.some((f) => f.endsWith(join("dist", "provider", "index.d.ts")))).toBe(true);
});

it("the main entry's declarations load no zod declaration at all", () => {
  const entry = join(root, "test", "fixtures", "pulumi-template", "main-only.ts");
  const host = ts.createCompilerHost(options());
  const { getSourceFile, fileExists } = host;
  const text = 'import * as tasks from "pulumi-hwc-tasks";\nexport const gate = tasks.TaskGate;\nexport const get = tasks.getKpsTask;\n';
  host.fileExists = (f) => f === entry || fileExists.call(host, f);
  host.getSourceFile = (f, v, onError, create) => (f === entry ? ts.createSourceFile(f, text, v) : getSourceFile.call(host, f, v, onError, create));
  const program = ts.createProgram([entry], options(), host);
  expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  const ours = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.includes(join(root, "dist")));
  expect(ours.length).toBeGreaterThan(10);
  expect(program.getSourceFiles().map((f) => f.fileName).filter((f) => /[/\\]zod[/\\]/.test(f))).toEqual([]);
});
