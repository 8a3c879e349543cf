import { describe, expect, it } from "vitest";
import { Summary, type Brief } from "./output-record.js";

const STATES = ["compliant", "noncompliant", "inGracePeriod", "error", "unknown"];
const PLATFORMS = ["Windows", "macOS", "iOS", "Android", "Linux"];
// Briefs of a varied fleet, input errors included (a fixed pseudo-random sequence).
const briefs: Brief[] = Array.from({ length: 600 }, (_, i) => {
  const r = (i * 7919) % 997;
  if (r % 23 === 0) return { error: true, failing: [], gated: false, listed: true };
  const state = STATES[r % STATES.length]!;
  const failing =
    state === "compliant" ? [] : [`p${r % 3}.rule-${r % 7}`, `p${r % 4}.rule-${r % 5}`].slice(0, 1 + (r % 2));
  return {
    error: false,
    state,
    platform: PLATFORMS[(r >> 2) % 5]!,
    failing,
    gated: state !== "compliant",
    listed: r % 3 !== 0,
  };
});

const asJson = (s: Summary) =>
  JSON.stringify([
    s.devices,
    s.errors,
    s.failing,
    s.listed,
    [...s.states],
    [...s.platforms].map(([p, m]) => [p, [...m]]),
    [...s.failingRules],
  ]);

describe("Summary.merge", () => {
  it("gives the totals, and the maps' first-seen order, of adding every brief one by one", () => {
    const whole = new Summary();
    for (const b of briefs) whole.add(b);
    for (const size of [1, 7, 256, 599]) {
      const merged = new Summary();
      for (let at = 0; at < briefs.length; at += size) {
        const part = new Summary();
        for (const b of briefs.slice(at, at + size)) part.add(b);
        // As it crosses from a worker: a structured clone of the fields, not the class.
        merged.merge(structuredClone({ ...part }));
      }
      expect(asJson(merged), `batches of ${size}`).toBe(asJson(whole));
    }
  });
});
