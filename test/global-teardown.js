/** Jest global teardown: removes the temporary journal directory the global setup made. */
const { rmSync } = require("node:fs");

module.exports = async () => {
  const dir = process.env["HWC_TASKS_JOURNAL_DIR"];
  if (dir && /hwc-tasks-test-journal-/.test(dir)) rmSync(dir, { recursive: true, force: true });
};
