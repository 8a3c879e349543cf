import { describe, expect, it } from "vitest";
import { parseInstant, type Instant } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import { evaluate } from "./evaluate.js";
import { prepare } from "./prepare.js";
import { DAY, HOUR, SetBuilder, T_VERSION } from "../../test-support/checked-set-builder.js";
import type { PreviousState } from "../model/device-result.js";

const at = (text: string): Instant => parseInstant(text).value!;
const NOW = at("2026-11-25T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** Windows policy: osVersion >= 10.0.19045, 72 h grace period. */
function graceSet() {
  const b = new SetBuilder();
  b.policy("win", [{ name: "os", require: b.cmp(">=", b.path("device.osVersion"), b.str("10.0.19045", T_VERSION)) }], {
    platforms: ["windows"],
    schedule: [{ action: "markNoncompliant", afterMillis: 72 * HOUR }],
  });
  return compile(b.build());
}
const old = (extra: Record<string, unknown> = {}) => ({
  id: "d1",
  operatingSystem: "Windows",
  osVersion: "10.0.1",
  lastSyncDateTime: NOW.iso,
  ...extra,
});
const since = (ms: number): PreviousState => ({ noncompliantSince: { win: iso(ms) } });

describe("prepare", () => {
  it("gives the same results as the one-call evaluate, for every setting", () => {
    const set = graceSet();
    for (const options of [
      {},
      { explain: false },
      { rules: "failures" as const },
      { tenant: { secureByDefault: true } },
    ]) {
      const prepared = prepare(set, { now: NOW, ...options });
      for (const facts of [
        old(),
        old({ osVersion: "10.0.22631" }),
        { operatingSystem: "macOS" },
        old({ operatingSystem: undefined }),
      ]) {
        expect(prepared.evaluate(facts)).toEqual(evaluate(set, facts, { now: NOW.iso, ...options }));
      }
    }
  });
  it("leaves the compiled set untouched, so evaluations prepared at different instants share it", () => {
    const set = graceSet();
    expect(Object.isFrozen(set)).toBe(true);
    const early = prepare(set, { now: NOW });
    const late = prepare(set, { now: at("2026-12-25T12:00:00Z") });
    const facts = old({ noncompliantSince: { win: iso(NOW.millis - DAY) } });
    // Interleaved: each keeps its own instant.
    expect(early.evaluate(facts).policies[0]!.state).toBe("inGracePeriod");
    expect(late.evaluate(facts).policies[0]!.state).toBe("noncompliant");
    expect(early.evaluate(facts).now).toBe("2026-11-25T12:00:00.000Z");
  });
  it("asks the previous-state lookup by device id, a map or a function", () => {
    const set = graceSet();
    const store = new Map([["d1", since(NOW.millis - 4 * DAY)]]);
    const asked: string[] = [];
    const fromMap = prepare(set, { now: NOW, previous: store });
    const fromFunction = prepare(set, { now: NOW, previous: (id) => (asked.push(id), store.get(id)) });
    for (const prepared of [fromMap, fromFunction]) {
      expect(prepared.evaluate(old()).policies[0]!.state).toBe("noncompliant");
      // Another device, and a device without an id, start their grace period now.
      expect(prepared.evaluate(old({ id: "d2" })).policies[0]!.state).toBe("inGracePeriod");
      expect(prepared.evaluate(old({ id: undefined })).policies[0]!.noncompliantSince).toBe(NOW.iso);
    }
    expect(asked).toEqual(["d1", "d2"]);
  });
  it("lets a snapshot's own fields win over the previous state, and an explicit record replace the lookup", () => {
    const set = graceSet();
    const prepared = prepare(set, { now: NOW, previous: () => since(NOW.millis - 4 * DAY) });
    const ownSince = old({ noncompliantSince: { win: iso(NOW.millis - HOUR) } });
    expect(prepared.evaluate(ownSince).policies[0]!.noncompliantSince).toBe(iso(NOW.millis - HOUR));
    expect(prepared.evaluate(old(), since(NOW.millis - HOUR)).policies[0]!.state).toBe("inGracePeriod");
    expect(evaluate(set, ownSince, { now: NOW, previous: since(NOW.millis - 4 * DAY) }).policies[0]!.state).toBe(
      "inGracePeriod",
    );
    // Pending policies and the previous device state follow the same rule.
    expect(prepared.evaluate(old({ pendingPolicies: ["win"] }), { pendingPolicies: [] }).policies[0]!.state).toBe(
      "unknown",
    );
  });
  it("feeds a result's `next` back as the previous state", () => {
    const set = graceSet();
    const first = prepare(set, { now: NOW }).evaluate(old());
    const store = new Map([["d1", first.next]]);
    const fourDaysOn = prepare(set, { now: at("2026-11-29T12:00:00Z"), previous: store });
    const later = fourDaysOn.evaluate(old());
    expect(later.policies[0]!.state).toBe("noncompliant");
    expect(later.policies[0]!.noncompliantSince).toBe(NOW.iso);
  });
});
