/**
 * Soundness of `analyzeAccess` against the What If evaluator: for generated policy sets, no
 * random sign-in breaks a requirement the analysis says holds, and every witness the analysis
 * reports reproduces with the evaluator. Random sign-ins come from @tenet/testing, biased to
 * the ids and filter values the policies name.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { analyzeAccess, compile, evaluateAccess } from "@tenet/evaluator";
import { arbitrarySignIn } from "@tenet/testing";

const NOW = parseInstant("2026-11-25T12:00:00Z").value!;
const SETS = 40;
const SIGN_INS_PER_SET = 150;

const maybe = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: "", freq: 2 });
const policyText = fc
  .record({
    state: fc.constantFrom("enabled", "enabled", "report-only", "disabled"),
    include: fc.constantFrom("all", 'group "g1"', 'group "g1", group "g2"', 'role "r1"', "guests", 'user "u1"'),
    exclude: fc.constantFrom("", ' exclude group "g2"', ' exclude group "g3"', " exclude guests", ' exclude role "r1"'),
    apps: fc.constantFrom(
      "all",
      'suite "Office365"',
      'app "a1"',
      'action "registerSecurityInfo"',
      'all exclude app "a1"',
    ),
    clients: maybe(fc.constantFrom("browser", "browser, mobileAppsAndDesktopClients", "exchangeActiveSync, other")),
    platforms: maybe(fc.constantFrom("windows, macOS", "all exclude iOS", "android")),
    locations: maybe(
      fc.constantFrom("all exclude trusted", 'location "l1"', 'all exclude location "l1"', 'country "DE"'),
    ),
    signInRisk: maybe(fc.constantFrom("medium, high", "high", "none")),
    userRisk: maybe(fc.constantFrom("high", "low, medium")),
    flows: maybe(fc.constantFrom("deviceCodeFlow", "authenticationTransfer", "deviceCodeFlow, authenticationTransfer")),
    filter: maybe(
      fc.constantFrom(
        'exclude rule "device.trustType -eq \\"ServerAD\\""',
        'include rule "device.isCompliant -eq True"',
        'exclude rule "device.displayName -startsWith \\"KIOSK\\" -or device.extensionAttribute1 -eq \\"lab\\""',
        'include rule "device.deviceOwnership -eq \\"Company\\" -and device.model -notContains \\"VM\\""',
      ),
    ),
    grant: fc.constantFrom("mfa", "block", "compliantDevice", "any(mfa, compliantDevice)", "all(mfa, compliantDevice)"),
  })
  .map((p) =>
    [
      `  state ${p.state}`,
      `  users include ${p.include}${p.exclude}`,
      `  apps include ${p.apps}`,
      p.clients === "" ? "" : `  clients include ${p.clients}`,
      p.platforms === "" ? "" : `  platforms include ${p.platforms}`,
      p.locations === "" ? "" : `  locations include ${p.locations}`,
      p.signInRisk === "" ? "" : `  signInRisk include ${p.signInRisk}`,
      p.userRisk === "" ? "" : `  userRisk include ${p.userRisk}`,
      p.flows === "" ? "" : `  authenticationFlows include ${p.flows}`,
      p.filter === "" ? "" : `  devices ${p.filter}`,
      `  grant ${p.grant}`,
    ]
      .filter((l) => l !== "")
      .join("\n"),
  );
const policySet = fc
  .array(policyText, { minLength: 1, maxLength: 6 })
  .map((ps) => ps.map((body, i) => `access p${i} "generated ${i}" {\n${body}\n}`).join("\n\n"));

/** Every control but MFA satisfied: the sign-in the default "requires mfa" requirement is about. */
const withoutMfa = (s: Record<string, unknown>) => ({
  ...s,
  satisfied: {
    mfa: false,
    approvedApplication: true,
    compliantApplication: true,
    passwordChange: true,
    termsOfUse: [],
    authenticationStrengths: [],
  },
});

/** What a sign-in gets when it has satisfied nothing: the decision and every control still required. */
function outcome(compiled: ReturnType<typeof compile>, signIn: Record<string, unknown>): string {
  const d = evaluateAccess(compiled, { ...signIn, satisfied: NOTHING }, { now: NOW });
  const unmet = [...new Set(d.unmetControls.map((u) => `${u.operator}(${u.controls.join(",")})`))].sort();
  return `${d.decision} ${d.accessGrantedNow} ${unmet.join(" ")}`;
}
const NOTHING = { mfa: false, approvedApplication: false, compliantApplication: false, passwordChange: false };

describe("analyze access: soundness against random sign-ins", () => {
  it(`holds for ${SETS} generated policy sets and ${SIGN_INS_PER_SET} random sign-ins each`, () => {
    fc.assert(
      fc.property(policySet, fc.integer({ min: 1, max: 1_000_000 }), (text, seed) => {
        const loaded = loadPolicySources([{ path: "generated.tenet", text }]);
        expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const compiled = compile(loaded.value);
        const analysis = analyzeAccess(compiled, {
          now: NOW,
          witnesses: 1000,
          policyFindings: false,
          listClasses: true,
        });
        // Every random sign-in's outcome (nothing satisfied) must be the outcome of some class the analysis explored.
        const outcomes = new Set(analysis.classes!.map((c) => outcome(compiled, c.signIn)));
        const status = new Map(analysis.requirements.map((r) => [r.name, r.status]));
        for (const r of analysis.requirements)
          for (const w of r.witnesses) {
            const d = evaluateAccess(compiled, w.signIn, { now: NOW });
            expect([d.decision, d.accessGrantedNow]).toEqual([w.decision, w.accessGrantedNow]);
          }
        const signIns = fc.sample(arbitrarySignIn({ near: compiled }), { numRuns: SIGN_INS_PER_SET, seed });
        for (const raw of signIns) {
          expect({ outcome: outcome(compiled, raw), known: [...outcomes] }).toSatisfy(
            (x: { outcome: string; known: string[] }) => x.known.includes(x.outcome),
          );
          const s = withoutMfa(raw);
          const d = evaluateAccess(compiled, s, { now: NOW });
          const app = s.application as { userAction?: string };
          if (app.userAction === undefined && d.decision !== "unknown" && d.accessGrantedNow)
            expect({ status: status.get("default-mfa-for-all-users"), signIn: s }).toMatchObject({ status: "fail" });
          const legacy = s.clientAppType === "exchangeActiveSync" || s.clientAppType === "other";
          if (legacy && d.decision !== "block" && d.decision !== "unknown")
            expect({ status: status.get("default-block-legacy-authentication"), signIn: s }).toMatchObject({
              status: "fail",
            });
        }
      }),
      { numRuns: SETS, seed: 2026 },
    );
  });

  it("reports an uncovered exclusion wherever a random sign-in shows one, each witness confirmed", () => {
    // A generated policy excludes at most one selector; dropping it gives the policy "but for the exclusion".
    const holds = (selector: string, s: Record<string, unknown>): boolean => {
      const [, kind, id] = /^(group|role|user|guests) ?"?([^"]*)"?$/.exec(selector)!;
      const user = s.user as { id?: string; userType?: string };
      if (kind === "group") return (s.groups as string[] | undefined)?.includes(id!) === true;
      if (kind === "role") return (s.roles as string[] | undefined)?.includes(id!) === true;
      if (kind === "user") return user.id === id;
      return user.userType === "guest" || (user as { guestType?: string }).guestType !== undefined;
    };
    const enforced = (d: ReturnType<typeof evaluateAccess>) =>
      d.policies.some((p) => p.applies && p.state === "enabled" && p.grant !== "none");
    fc.assert(
      fc.property(policySet, fc.integer({ min: 1, max: 1_000_000 }), (text, seed) => {
        const compiled = compile(loadPolicySources([{ path: "generated.tenet", text }]).value);
        const findings = analyzeAccess(compiled, { now: NOW, witnesses: 1000 }).findings;
        const never = new Set(findings.filter((f) => f.kind === "neverApplies").map((f) => f.policy));
        const reported = findings.filter((f) => f.kind === "uncoveredExclusion");
        for (const f of reported)
          expect(enforced(evaluateAccess(compiled, f.witness!.signIn, { now: NOW }))).toBe(false);
        const excluding = text.split("\n\naccess ").flatMap((block, i) => {
          const exclusion = /^ {2}users include .*? exclude (.+)$/m.exec(block);
          const name = `p${i}`;
          if (exclusion === null || never.has(name) || !/state enabled/.test(block) || /grant none/.test(block))
            return [];
          const without = text.replace(
            new RegExp(`(access ${name} [^]*?users include [^\\n]*?) exclude [^\\n]*`),
            "$1",
          );
          return [
            {
              name,
              selector: exclusion[1]!,
              without: compile(loadPolicySources([{ path: "w.tenet", text: without }]).value),
            },
          ];
        });
        for (const raw of fc.sample(arbitrarySignIn({ near: compiled }), { numRuns: 100, seed })) {
          const s = { ...raw, satisfied: NOTHING };
          if (enforced(evaluateAccess(compiled, s, { now: NOW }))) continue;
          for (const x of excluding) {
            if (!holds(x.selector, s)) continue;
            const reaches = evaluateAccess(x.without, s, { now: NOW }).policies.find((p) => p.policy === x.name)!;
            if (reaches.applies)
              expect({ selector: x.selector, signIn: s, reported: reported.map((f) => f.message) }).toSatisfy(
                (v: { selector: string; reported: string[] }) =>
                  v.reported.some((m) => m.includes(`by \`${v.selector.replace(/"/g, "")}\``)),
              );
          }
        }
      }),
      { numRuns: 25, seed: 2027 },
    );
  });
});
