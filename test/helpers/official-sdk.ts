/**
 * Loads the official Huawei SDK (our wire-conformance oracle) with a throw-away home directory, since building a
 * client writes `~/.huaweicloud/application_id` (its User-Agent's application id).
 *
 * The SDK finds the home directory with `os.homedir()`, which reads the process's real environment (libuv's
 * `uv_os_homedir`). Inside a jest test file `process.env` is the sandbox's copy: setting `HOME` there changes what
 * the test sees, not what `os.homedir()` returns. So `os.homedir` itself (the one `node:os` module the SDK shares
 * with the test) answers the throw-away directory while the file runs; `HOME` is set to it as well.
 */
import os from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

let home: string | undefined;

/**
 * Points the home directory (`os.homedir()` and `HOME`) at a fresh temporary directory, once per test file; after
 * the file's tests both are restored and the directory removed. Call it at module or `describe` level, where jest
 * hooks may be registered.
 */
export function throwAwayHome(): string {
  if (home === undefined) {
    const dir = mkdtempSync(join(os.tmpdir(), "hwc-sdk-home-"));
    const previous = process.env["HOME"];
    const homedir = jest.spyOn(os, "homedir").mockReturnValue(dir);
    home = dir;
    afterAll(() => {
      homedir.mockRestore();
      if (previous === undefined) delete process.env["HOME"];
      else process.env["HOME"] = previous;
      rmSync(dir, { recursive: true, force: true });
      home = undefined;
    });
  }
  process.env["HOME"] = home;
  // The SDK logs every error response (headers included) through log4js: keep test output readable.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const log4js = require("log4js") as { configure(c: unknown): void };
  log4js.configure({ appenders: { out: { type: "stdout" } }, categories: { default: { appenders: ["out"], level: "off" } } });
  return home;
}

/** The shape of the official signer we call. */
export interface OfficialSigner {
  sign(
    request: { endpoint: string; method: string; headers: Record<string, string>; queryParams?: Record<string, unknown>; data?: unknown },
    credential: { getAk(): string; getSk(): string },
  ): Record<string, string>;
}

/** The official `AKSKSigner`. */
export function officialSigner(): OfficialSigner {
  throwAwayHome();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as { AKSKSigner: OfficialSigner }).AKSKSigner;
}
