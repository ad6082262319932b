/**
 * Log-normal duration models: the distribution the waiters use for "how long does a task of this type take".
 * Pure math, no dependencies.
 * @module
 */

/** A log-normal distribution of durations (ms): `ln D ~ N(mu, sigma²)`. */
export interface LogNormal {
  /** Mean of `ln D` (so the median is `exp(mu)`). */
  mu: number;
  /** Standard deviation of `ln D`. */
  sigma: number;
}

/** A log-normal with the given median (ms) and log-space deviation. */
export function logNormal(medianMs: number, sigma: number): LogNormal {
  return { mu: Math.log(Math.max(1, medianMs)), sigma: Math.max(0.05, sigma) };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Inverse standard normal CDF (Acklam's rational approximation). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** P(D <= t). */
export function cdf(m: LogNormal, t: number): number {
  return t <= 0 ? 0 : normalCdf((Math.log(t) - m.mu) / m.sigma);
}

/** P(D > t). */
export function survival(m: LogNormal, t: number): number {
  return 1 - cdf(m, t);
}

/** Density at t. */
export function pdf(m: LogNormal, t: number): number {
  return t <= 0 ? 0 : normalPdf((Math.log(t) - m.mu) / m.sigma) / (t * m.sigma);
}

/** Hazard rate at t: the chance per ms of finishing now, given not finished yet. */
export function hazard(m: LogNormal, t: number): number {
  const s = survival(m, t);
  return s <= 1e-12 ? pdf(m, t) / 1e-12 : pdf(m, t) / s;
}

/** The p-quantile. */
export function quantile(m: LogNormal, p: number): number {
  return Math.exp(m.mu + m.sigma * normalQuantile(p));
}

/** The mean, `exp(mu + sigma²/2)`. */
export function mean(m: LogNormal): number {
  return Math.exp(m.mu + (m.sigma * m.sigma) / 2);
}
