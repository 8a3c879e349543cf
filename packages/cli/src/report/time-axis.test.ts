import { describe, expect, it } from "vitest";
import { timeToFix } from "./time-axis.js";

const fixed = (days: number) => ({ days, open: false });
const open = (days: number) => ({ days, open: true });

describe("timeToFix", () => {
  it("gives nearest-rank median and p90 over fixed failures, exact when none is still open", () => {
    expect(timeToFix([fixed(1), fixed(2), fixed(3), fixed(4), fixed(10)])).toEqual({
      fixed: 5,
      open: 0,
      medianDays: 3,
      medianAtLeast: false,
      p90Days: 10,
      p90AtLeast: false,
      oldestOpenDays: null,
    });
  });

  it("counts a still-open failure at its age: a figure at or above its rank is only a lower bound", () => {
    // The open one (age 5) ranks above the median: however long it takes, the median stays 2.
    expect(timeToFix([fixed(1), fixed(2), fixed(3), open(5)])).toMatchObject({
      medianDays: 2,
      medianAtLeast: false,
      p90Days: 5,
      p90AtLeast: true,
      oldestOpenDays: 5,
    });
    // An open failure younger than the median can still outlast it: the median is at least 3.
    expect(timeToFix([open(0.5), fixed(3), fixed(4)])).toMatchObject({ medianDays: 3, medianAtLeast: true });
    // At equal values the fixed one ranks first.
    expect(timeToFix([open(2), fixed(2)])).toMatchObject({ medianDays: 2, medianAtLeast: false });
  });

  it("says nothing when nothing failed", () => {
    expect(timeToFix([])).toMatchObject({ medianDays: null, p90Days: null, fixed: 0, open: 0 });
  });
});
