/**
 * The base of every error of this package, and its identity: a `Symbol.for` brand listing the names of the error's
 * class and of their ancestors, so that an error made by another copy of the package is still recognised.
 * @module
 */

/** The key of the brand every error of this package carries: the names of its class and of their ancestors. */
export const ERROR_BRAND: unique symbol = Symbol.for("pulumi-hwc-tasks.error");

function brandsOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const brands = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return Array.isArray(brands) ? (brands as string[]) : undefined;
}

/** Whether `value` is an error of this package's class `name` (or of a subclass), whichever copy made it. */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return brandsOf(value)?.includes(name) ?? false;
}

/**
 * Base class of every error this package throws, so `catch (e) { if (isHwcTasksError(e)) ... }` works, as does
 * `e instanceof HwcTasksError` (by brand, even for an error made by another copy of the package).
 */
export class HwcTasksError extends Error {
  /** The class's name, e.g. `TaskFailedError`. */
  override readonly name: string = "HwcTasksError";
  /** A stable code for programs: `INVALID_INPUT`, `API_ERROR`, `TASK_FAILED` ... */
  readonly code: string = "HWC_TASKS_ERROR";
  declare readonly [ERROR_BRAND]: readonly string[];

  /** @param message the full, human readable message. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const chain: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      chain.push((c as { name: string }).name);
    }
    Object.defineProperty(this, ERROR_BRAND, { value: chain, enumerable: false });
  }

  /** `instanceof` by brand, so errors made by another copy of this package are recognised. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, this.name);
  }
}

/** Whether `value` is any error of this package. */
export function isHwcTasksError(value: unknown): value is HwcTasksError {
  return hasErrorBrand(value, "HwcTasksError");
}
