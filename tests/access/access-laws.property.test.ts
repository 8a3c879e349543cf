/** Laws of access decisions over the shipped Conditional Access templates and generated sign-ins (@tenet/testing). */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluateAccess } from "@tenet/evaluator";
import { arbitrarySignIn } from "@tenet/testing";

const NOW = "2026-11-25T12:00:00Z";
const SEED = 4711;
const RUNS = 300;
const library = ["admins", "everyone"].map((f) => ({
  path: `${f}.tenet`,
  text: readFileSync(new URL(`../../policies/access/${f}.tenet`, import.meta.url), "utf8"),
}));
const load = (extra = "", drop?: (text: string) => string) => {
  const loaded = loadPolicySources([
    ...library.map((s) => ({ ...s, text: drop === undefined ? s.text : drop(s.text) })),
    { path: "extra.tenet", text: extra },
  ]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return compile(loaded.value);
};
const base = load();
const signIns = arbitrarySignIn({ near: base });
const decide = (c: ReturnType<typeof compile>, s: unknown) => evaluateAccess(c, s, { now: NOW });

describe("access laws", () => {
  it("adding a user to an excluded group never makes a policy apply", () => {
    fc.assert(
      fc.property(signIns, (s) => {
        const before = decide(base, s);
        const after = decide(base, { ...s, groups: [...((s.groups as string[]) ?? []), "breakglass-accounts"] });
        for (const p of after.policies)
          if (p.applies) expect(before.policies.find((x) => x.policy === p.policy)?.applies).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("report-only and disabled policies never change the decision", () => {
    const enforcedOnly = load("", (text) => text.replace(/state report-only/g, "state disabled"));
    fc.assert(
      fc.property(signIns, (s) => {
        const [a, b] = [decide(base, s), decide(enforcedOnly, s)];
        expect([b.decision, b.unmetControls, b.accessGrantedNow]).toEqual([
          a.decision,
          a.unmetControls,
          a.accessGrantedNow,
        ]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("adding an enforced policy never loosens access, and an applying block always blocks", () => {
    const stricter = load('access extra-mfa "Extra" { users include all apps include all grant mfa }');
    const blocking = load(
      'access extra-block "Block" { users include all apps include all clients include browser grant block }',
    );
    fc.assert(
      fc.property(signIns, (s) => {
        const [a, b] = [decide(base, s), decide(stricter, s)];
        if (b.accessGrantedNow) expect(a.accessGrantedNow).toBe(true);
        if (a.decision === "block") expect(b.decision).toBe("block");
        const c = decide(blocking, s);
        if (c.policies.find((p) => p.policy === "extra-block")?.applies === true) expect(c.decision).toBe("block");
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(signIns, (s) => {
        expect(decide(base, s)).toEqual(decide(base, structuredClone(s)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
