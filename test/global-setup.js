/**
 * Jest global setup. The real dynamic-provider host resolves the serialized `require("pulumi-hwc-tasks/host")`
 * from its working directory's node_modules, as it does in a user's project where the package is installed.
 * In this repository the package is the repository itself: link node_modules/pulumi-hwc-tasks to it.
 */
const { existsSync } = require("node:fs");
const { join } = require("node:path");

module.exports = async () => {
  const built = join(__dirname, "..", "dist", "scripts", "link-self.js");
  if (!existsSync(built)) throw new Error("dist/ is missing: run `npm run build` (npm test does) before the tests");
  require(built).linkSelf(join(__dirname, ".."));
};
