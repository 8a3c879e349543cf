import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { VOLATILE_FIELDS, volatileText } from "./volatile-fields.js";

/** The volatile fields a snapshot has, as an object: what the packed line is the canonical JSON of. */
function picked(facts: Record<string, unknown>): Record<string, unknown> | undefined {
  const present = VOLATILE_FIELDS.filter((f) => Object.prototype.hasOwnProperty.call(facts, f));
  return present.length === 0 ? undefined : Object.fromEntries(present.map((f) => [f, facts[f]]));
}

describe("volatileText", () => {
  it("is the canonical JSON of the snapshot's volatile fields, or undefined without any", () => {
    const value = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.date({ noInvalidDate: true }));
    fc.assert(
      fc.property(
        fc.record(
          { id: fc.string(), lastSyncDateTime: value, freeStorageSpaceInBytes: value, other: value },
          { requiredKeys: [] },
        ),
        (facts) => {
          const volatile = picked(facts);
          expect(volatileText(facts)).toBe(volatile === undefined ? undefined : canonicalJson(volatile));
        },
      ),
      { numRuns: 300 },
    );
  });
});
