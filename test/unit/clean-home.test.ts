/**
 * The tests leave the user's home untouched: during the run HOME is an empty throw-away directory for jest, its
 * workers and every process they start (test/global-setup.js), and the global teardown fails the run when anything
 * was written there (test/global-teardown.js). This file checks both halves: that the redirection reaches the real
 * environment of this worker (what `os.homedir()` and child processes see), and that the teardown refuses a
 * written file.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

const teardown = require("../global-teardown.js") as () => Promise<void>; // eslint-disable-line @typescript-eslint/no-require-imports

describe("HOME during the tests", () => {
  it("is the run's empty throw-away directory, for os.homedir() and for child processes too", () => {
    const home = process.env["HWC_TASKS_TEST_HOME"];
    expect(home).toMatch(/hwc-tasks-test-home-/);
    expect(os.homedir()).toBe(home);
    expect(execFileSync(process.execPath, ["-e", "process.stdout.write(require('os').homedir())"]).toString()).toBe(home);
  });

  it("the teardown fails the run, naming what was written, and removes the directory", async () => {
    const saved = { home: process.env["HOME"], test: process.env["HWC_TASKS_TEST_HOME"], real: process.env["HWC_TASKS_REAL_HOME"] };
    const fake = mkdtempSync(join(os.tmpdir(), "hwc-tasks-fake-home-"));
    mkdirSync(join(fake, ".huaweicloud"));
    writeFileSync(join(fake, ".huaweicloud", "application_id"), "x");
    try {
      process.env["HWC_TASKS_TEST_HOME"] = fake;
      await expect(teardown()).rejects.toThrow("the tests wrote into HOME (a throw-away directory during the run; the user's home otherwise): ~/.huaweicloud, ~/.huaweicloud/application_id");
      expect(existsSync(fake)).toBe(false);
      const empty = mkdtempSync(join(os.tmpdir(), "hwc-tasks-fake-home-"));
      process.env["HWC_TASKS_TEST_HOME"] = empty;
      await expect(teardown()).resolves.toBeUndefined();
      expect(existsSync(empty)).toBe(false);
    } finally {
      // The teardown restored HOME in this sandbox's environment: put the run's values back.
      for (const [name, value] of [["HOME", saved.home], ["HWC_TASKS_TEST_HOME", saved.test], ["HWC_TASKS_REAL_HOME", saved.real]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
