/**
 * Links `node_modules/pulumi-hwc-tasks` to this repository, so programs here (examples, test fixtures) and the
 * dynamic-provider host started here resolve the package by name, as they would in a project that installed it.
 * Idempotent.
 * @module
 */
import { lstatSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/** Creates the link if it is missing; returns the repository root. */
export function linkSelf(root: string = join(__dirname, "..", "..")): string {
  const link = join(root, "node_modules", "pulumi-hwc-tasks");
  try {
    lstatSync(link);
  } catch {
    symlinkSync("..", link, "dir");
  }
  return root;
}
