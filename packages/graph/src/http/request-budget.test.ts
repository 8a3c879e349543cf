import { describe, expect, it } from "vitest";
import { DOCUMENTED_LIMITS, RequestBudget } from "./request-budget.js";
import { backoffMs, retryAfterMs } from "./retry-delay.js";

describe("RequestBudget", () => {
  it("lets the documented number of requests start in a window and delays the next to the window's end", () => {
    let now = 1_000;
    const budget = new RequestBudget(
      { ...DOCUMENTED_LIMITS, conditionalAccess: { requests: 2, perMs: 1000 } },
      () => now,
    );
    expect([budget.reserve("conditionalAccess"), budget.reserve("conditionalAccess")]).toEqual([0, 0]);
    expect(budget.reserve("conditionalAccess")).toBe(1000);
    expect(budget.reserve("conditionalAccess")).toBe(1000);
    expect(budget.reserve("conditionalAccess")).toBe(2000);
    now = 5_000;
    expect(budget.reserve("conditionalAccess")).toBe(0);
    // Services have separate budgets.
    expect(budget.reserve("intuneDevices")).toBe(0);
  });

  it("never starts more than the limit in any window, however requests arrive", () => {
    let now = 0;
    const limit = { requests: 5, perMs: 100 };
    const budget = new RequestBudget({ ...DOCUMENTED_LIMITS, directory: limit }, () => now);
    const starts: number[] = [];
    for (let i = 0; i < 200; i++) {
      now += (i * 7919) % 13;
      starts.push(now + budget.reserve("directory"));
    }
    for (const start of starts)
      expect(starts.filter((s) => s >= start && s < start + limit.perMs).length).toBeLessThanOrEqual(limit.requests);
  });
});

describe("retry delays", () => {
  it("reads Retry-After as seconds or an HTTP date, and nothing else", () => {
    expect(retryAfterMs("0", 0)).toBe(0);
    expect(retryAfterMs("7", 0)).toBe(7000);
    expect(retryAfterMs("Wed, 25 Nov 2026 12:00:10 GMT", Date.parse("2026-11-25T12:00:00Z"))).toBe(10_000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
    expect(retryAfterMs("soon", 0)).toBeUndefined();
  });

  it("backs off exponentially up to the cap, jittered below the ceiling", () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffMs(a, backoff, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffMs(3, backoff, () => 0)).toBe(0);
    expect(backoffMs(3, backoff, () => 0.5)).toBe(400);
  });
});
