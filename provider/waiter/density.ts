/**
 * The poll density's integral, tabulated: `F(t) = ∫ sqrt(hazard)` of a duration model, from which the adaptive
 * schedule finds its next look in a binary search instead of integrating the hazard at every call. Pure math.
 * @module
 */
import { hazard, quantile, type LogNormal } from "./lognormal";

/** The quantile where a table ends: a task older than this is one the model does not describe. */
export const TAIL_P = 0.995;

/** `F(t) = ∫ sqrt(hazard)` from 0, tabulated on a log-spaced grid up to the model's tail (λ does not enter it). */
export interface DensityTable {
  /** Grid points (ms), log-spaced from the model's 1e-9 quantile to its tail. */
  t: Float64Array;
  /** F at each grid point. */
  f: Float64Array;
  /** The model's {@link TAIL_P} quantile: the table's end (past it the model is taken to be wrong). */
  tail: number;
}

const TABLE_POINTS = 256;
const tables = new Map<string, DensityTable>();

/** The table of a model (cached per model). */
export function densityTable(model: LogNormal): DensityTable {
  const key = `${model.mu}|${model.sigma}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const lo = Math.log(quantile(model, 1e-9));
  const tail = quantile(model, TAIL_P);
  const step = (Math.log(tail) - lo) / (TABLE_POINTS - 1);
  const t = new Float64Array(TABLE_POINTS);
  const f = new Float64Array(TABLE_POINTS);
  t[0] = Math.exp(lo);
  for (let i = 1; i < TABLE_POINTS; i += 1) {
    t[i] = Math.exp(lo + i * step);
    const a = t[i - 1] as number;
    const b = t[i] as number;
    f[i] = (f[i - 1] as number) + (b - a) * Math.sqrt(hazard(model, Math.sqrt(a * b)));
  }
  const table = { t, f, tail };
  if (tables.size > 200) tables.clear();
  tables.set(key, table);
  return table;
}

/** F at `x`, interpolated (0 before the grid, the last value past it). */
export function integral(table: DensityTable, x: number): number {
  const { t, f } = table;
  if (x <= (t[0] as number)) return 0;
  const i = upperIndex(t, x);
  if (i >= t.length) return f[t.length - 1] as number;
  const a = t[i - 1] as number;
  const b = t[i] as number;
  return (f[i - 1] as number) + (((f[i] as number) - (f[i - 1] as number)) * (x - a)) / (b - a);
}

/** The first `x` where F reaches `target` (infinity past the grid). */
export function inverseIntegral(table: DensityTable, target: number): number {
  const { t, f } = table;
  const i = upperIndex(f, target);
  if (i >= f.length) return Number.POSITIVE_INFINITY;
  if (i === 0) return t[0] as number;
  const fa = f[i - 1] as number;
  const fb = f[i] as number;
  const a = t[i - 1] as number;
  return fb > fa ? a + (((t[i] as number) - a) * (target - fa)) / (fb - fa) : a;
}

/** The first index whose value is >= `x` in an ascending array (its length when none). */
function upperIndex(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

