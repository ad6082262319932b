/**
 * docs/api is what `npm run docs` generates from the JSDoc today: TypeDoc writes a fresh copy into a temporary
 * directory and every file must match the committed one. A stale file fails the run with the regenerate command.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(__dirname, "..", "..");
const committed = join(root, "docs", "api");

/** Every file under `dir`, relative, sorted. */
function files(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

let fresh: string;
beforeAll(async () => {
  fresh = mkdtempSync(join(tmpdir(), "hwc-tasks-api-docs-"));
  await promisify(execFile)(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--out", fresh, "--logLevel", "Error"], { cwd: root });
}, 180_000);
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe("docs/api", () => {
  it("is up to date with the JSDoc (run `npm run docs` and commit docs/api when this fails)", () => {
    expect(files(committed)).toEqual(files(fresh));
    const stale = files(fresh).filter((f) => readFileSync(join(fresh, f), "utf8") !== readFileSync(join(committed, f), "utf8"));
    expect(stale).toEqual([]);
  });
});
