import { ApiError, ResponseTooLargeError, ThrottledError } from "../../provider/errors";
import { FailureJudge } from "../../provider/core/failures";
import { MAX_TIME_MS, parseTimeInput } from "../../provider/util/time";

const base = { service: "kps" as const, operation: "ListRunningTask", host: "kms.example.com" };
const transport = (errorCode: string, transient = true) => new ApiError({ ...base, status: 0, errorCode, attempts: 1, transient });

describe("which failures a wait polls through", () => {
  it("transient errors pass; an oversized answer does not", () => {
    const judge = new FailureJudge(undefined);
    expect(judge.transient(new ApiError({ ...base, status: 503, attempts: 1 }))).toBe(true);
    expect(judge.transient(transport("NETWORK"))).toBe(true);
    expect(judge.transient(new ApiError({ ...base, status: 403, attempts: 1 }))).toBe(false);
    expect(new ResponseTooLargeError({ ...base, status: 200, attempts: 1 }, 1024).transient).toBe(false);
    expect(judge.transient(new ResponseTooLargeError({ ...base, status: 200, attempts: 1 }, 1024))).toBe(false);
  });

  it("a DNS or TLS failure is final on its second look in a row, or when the client already saw it repeat", () => {
    const judge = new FailureJudge(undefined);
    expect(judge.transient(transport("DNS"))).toBe(true);
    expect(judge.transient(transport("DNS"))).toBe(false);
    expect(new FailureJudge(undefined).transient(transport("TLS", false))).toBe(false);
    const other = new FailureJudge(undefined);
    expect(other.transient(transport("DNS"))).toBe(true);
    other.succeeded();
    expect(other.transient(transport("DNS"))).toBe(true);
    expect(other.transient(transport("TLS"))).toBe(true);
  });

  it("a throttle whose next allowed call is past the wait's deadline ends the wait", () => {
    const throttled = (retryAt: number) => new ThrottledError({ ...base, status: 429, attempts: 1, retryAt, reason: "retry-after-too-long" });
    expect(new FailureJudge(10_000).transient(throttled(20_000))).toBe(false);
    expect(new FailureJudge(10_000).transient(throttled(5_000))).toBe(true);
    expect(new FailureJudge(undefined).transient(throttled(20_000))).toBe(true);
  });
});

describe("time inputs within the Date range the APIs can write", () => {
  it.each([1e20, -1, 8.64e15, MAX_TIME_MS + 1, Number.NaN, new Date(Number.NaN), "+275760-09-13T00:00:00Z", "99991232000000"])("refuses %p", (v) => {
    expect(parseTimeInput(v as number)).toBeUndefined();
  });

  it.each([0, MAX_TIME_MS, "9999-12-31T23:59:59Z", "19700101000000"])("accepts %p", (v) => {
    expect(parseTimeInput(v)).toBeInstanceOf(Date);
  });
});
