/**
 * Jest global setup. The real dynamic-provider host resolves the serialized `require("pulumi-hwc-tasks/host")`
 * from its working directory's node_modules, as it does in a user's project where the package is installed.
 * In this repository the package is the repository itself: link node_modules/pulumi-hwc-tasks to it (idempotent).
 */
const { existsSync, lstatSync, symlinkSync } = require("node:fs");
const { join } = require("node:path");

module.exports = async () => {
  const root = join(__dirname, "..");
  const link = join(root, "node_modules", "pulumi-hwc-tasks");
  let present = true;
  try {
    lstatSync(link);
  } catch {
    present = false;
  }
  if (!present) symlinkSync("..", link, "dir");
  if (!existsSync(join(root, "dist", "provider", "resources", "host.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the host tests");
  }
};
