/**
 * Jest global setup.
 *
 * 1. The real dynamic-provider host resolves the serialized `require("pulumi-hwc-tasks/host")` from its working
 *    directory's node_modules, as it does in a user's project where the package is installed. In this repository
 *    the package is the repository itself: link node_modules/pulumi-hwc-tasks to it.
 * 2. The tests must leave the user's home untouched. HOME is pointed at a fresh empty directory for the whole run
 *    (set here, in jest's own process, before the workers and every process they start inherit it), and
 *    test/global-teardown.js fails the run if anything was written there: a write that would have landed in the
 *    real home directory is caught instead of made.
 * 3. The resources that start tasks keep a local journal of them (`HWC_TASKS_JOURNAL_DIR`, else under HOME): the
 *    tests point it at a temporary directory of its own, which the workers and the hosts they start inherit, and
 *    which the global teardown removes.
 */
const { existsSync, mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  const built = join(__dirname, "..", "dist", "scripts", "link-self.js");
  if (!existsSync(built)) throw new Error("dist/ is missing: run `npm run build` (npm test does) before the tests");
  require(built).linkSelf(join(__dirname, ".."));

  const home = mkdtempSync(join(tmpdir(), "hwc-tasks-test-home-"));
  process.env["HWC_TASKS_REAL_HOME"] = process.env["HOME"] ?? "";
  process.env["HWC_TASKS_TEST_HOME"] = home;
  process.env["HOME"] = home;
  process.env["HWC_TASKS_JOURNAL_DIR"] = mkdtempSync(join(tmpdir(), "hwc-tasks-test-journal-"));
};
