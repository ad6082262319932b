/**
 * The emulator's public types are written out (so a program's type check never loads zod); these checks prove each
 * equal to the schema that checks the same shape at run time. A mismatch fails `npm run typecheck`.
 */
import type { z } from "zod";
import type { EmulatorOptions, Fault, FaultInput, FaultRuleInput, TaskSpec } from "../../emulator";
import type { FaultRuleSchema, FaultSchema } from "../../emulator/faults";
import type { EmulatorOptionsSchema } from "../../emulator/options";
import type { TaskSpecSchema } from "../../emulator/task-spec";

/** `true` exactly when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

it("the written-out types equal their schemas' types", () => {
  const checks: [
    Equal<EmulatorOptions, z.input<typeof EmulatorOptionsSchema>>,
    Equal<Fault, z.output<typeof FaultSchema>>,
    Equal<FaultInput, z.input<typeof FaultSchema>>,
    Equal<FaultRuleInput, z.input<typeof FaultRuleSchema>>,
    Equal<Omit<TaskSpec, "extra">, z.input<typeof TaskSpecSchema>>,
  ] = [true, true, true, true, true];
  expect(checks.every(Boolean)).toBe(true);
});
