/**
 * Jest global teardown: the run's HOME (an empty directory made by test/global-setup.js) must still be empty, or
 * some test, or a library or child process it used, writes into the user's home directory. Removes the directory
 * and restores HOME either way; removes the run's journal directory of started tasks.
 */
const { readdirSync, rmSync } = require("node:fs");
const { join, relative } = require("node:path");

/** Every path under `dir`, depth first. */
function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push(path);
    if (entry.isDirectory()) out.push(...walk(path));
  }
  return out;
}

module.exports = async () => {
  const journal = process.env["HWC_TASKS_JOURNAL_DIR"];
  if (journal && /hwc-tasks-test-journal-/.test(journal)) rmSync(journal, { recursive: true, force: true });
  const home = process.env["HWC_TASKS_TEST_HOME"];
  if (!home) return;
  let written;
  try {
    written = walk(home).map((p) => `~/${relative(home, p)}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
    const real = process.env["HWC_TASKS_REAL_HOME"];
    if (real) process.env["HOME"] = real;
    else delete process.env["HOME"];
    delete process.env["HWC_TASKS_TEST_HOME"];
  }
  if (written.length > 0)
    throw new Error(`the tests wrote into HOME (a throw-away directory during the run; the user's home otherwise): ${written.join(", ")}`);
};
