/**
 * Jest global setup. The real dynamic-provider host resolves the serialized `require("pulumi-hwc-tasks/host")`
 * from its working directory's node_modules, as it does in a user's project where the package is installed.
 * In this repository the package is the repository itself: link node_modules/pulumi-hwc-tasks to it.
 *
 * The resources that start tasks keep a local journal of them (`HWC_TASKS_JOURNAL_DIR`, else under HOME): the
 * tests point it at a temporary directory, which the workers and the hosts they start inherit, and which the
 * global teardown removes. No test writes to HOME.
 */
const { existsSync, mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  const built = join(__dirname, "..", "dist", "scripts", "link-self.js");
  if (!existsSync(built)) throw new Error("dist/ is missing: run `npm run build` (npm test does) before the tests");
  require(built).linkSelf(join(__dirname, ".."));
  process.env["HWC_TASKS_JOURNAL_DIR"] = mkdtempSync(join(tmpdir(), "hwc-tasks-test-journal-"));
};
