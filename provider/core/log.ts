/**
 * The deployment log: what the resources tell the user while they wait (through `pulumi.log`, which the engine
 * shows in the deployment's output).
 * @module
 */
import * as pulumi from "@pulumi/pulumi";

/** Writes one line to the deployment log. */
export function log(level: "info" | "warn", message: string): void {
  if (level === "warn") pulumi.log.warn(message);
  else pulumi.log.info(message);
}
