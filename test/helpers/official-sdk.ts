/**
 * Loads the official Huawei SDK (our wire-conformance oracle) with a throw-away HOME, since it writes
 * `~/.huaweicloud/application_id`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let home: string | undefined;

/**
 * Points HOME at a fresh temporary directory (once per test file); after the file's tests, HOME is restored and the
 * directory removed. Call it at module or `describe` level, where jest hooks may be registered.
 */
export function throwAwayHome(): string {
  if (home === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "hwc-sdk-home-"));
    const previous = process.env["HOME"];
    home = dir;
    afterAll(() => {
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
