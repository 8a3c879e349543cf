/**
 * The compiled evaluator and the reference interpreter agree on devices generated near the
 * shipped policy library's own boundaries (versions next to every minimum, instants at
 * every `within` edge, every enum value, missing facts), using @tenet/testing's arbitraries.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect, it } from "vitest";
import { builtinSchema, loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, evaluate, prepare } from "@tenet/evaluator";
import { referenceEvaluate } from "@tenet/evaluator/testing";
import { arbitrarySnapshot, expectImplies } from "@tenet/testing";

const root = new URL("../../policies/", import.meta.url).pathname;
const files: { path: string; text: string }[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".tenet")) files.push({ path, text: readFileSync(path, "utf8") });
  }
};
walk(root);
const NOW = "2026-11-25T12:00:00Z";
const SEED = 1125;

it("compiled and reference evaluation agree on devices near the library's boundaries", () => {
  const loaded = loadPolicySources(files);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const compiled = compile(loaded.value);
  fc.assert(
    fc.property(arbitrarySnapshot(builtinSchema("device"), { near: loaded.value, now: NOW }), (device) => {
      const options = { now: NOW, tenant: { secureByDefault: true } };
      expect(evaluate(compiled, device, options)).toEqual(referenceEvaluate(loaded.value, device, options));
    }),
    { numRuns: 400, seed: SEED },
  );
  console.log(`library differential: 400 runs, seed ${SEED}`);
});

it("a failures-only result is the full result without its passing and not-applicable rules", () => {
  const loaded = loadPolicySources(files);
  const compiled = compile(loaded.value);
  let listed = 0;
  fc.assert(
    fc.property(
      arbitrarySnapshot(builtinSchema("device"), { near: loaded.value, now: NOW }),
      fc.boolean(),
      (device, explain) => {
        const options = { now: NOW, tenant: { secureByDefault: true }, explain };
        const full = evaluate(compiled, device, options);
        const failures = evaluate(compiled, device, { ...options, rules: "failures" });
        const unmet = full.policies.map((p) => ({
          ...p,
          rules: p.rules.filter((r) => r.status !== "pass" && r.status !== "notApplicable"),
        }));
        listed += unmet.reduce((n, p) => n + p.rules.length, 0);
        expect(failures).toEqual({ ...full, policies: unmet });
      },
    ),
    { numRuns: 400, seed: SEED },
  );
  // The generator must reach failing rules, or the comparison says little.
  expect(listed).toBeGreaterThan(400);
});

it("a verdict is the full result's state, policies and identity, without grace, actions or replay records", () => {
  const compiled = compile(loadPolicySources(files).value);
  const now = parseInstant(NOW).value!;
  let graced = 0;
  fc.assert(
    fc.property(
      fc.array(arbitrarySnapshot(builtinSchema("device"), { near: compiled.set, now: NOW }), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.boolean(),
      fc.constantFrom<"all" | "failures">("all", "failures"),
      (devices, explain, rules) => {
        // One prepared evaluation for both, device after device, as bulk scoring uses it.
        const prepared = prepare(compiled, { now, tenant: { secureByDefault: true }, explain, rules });
        for (const device of devices) {
          const full = prepared.evaluate(device);
          const verdict = prepared.verdict(device);
          graced += full.policies.filter((p) => p.noncompliantSince !== undefined).length;
          const { deviceId, deviceName, platform } = full;
          expect(verdict).toEqual({
            state: full.state,
            policies: full.policies.map(({ noncompliantSince: _since, graceEndsAt: _end, ...p }) => p),
            ...(deviceId === undefined ? {} : { deviceId }),
            ...(deviceName === undefined ? {} : { deviceName }),
            ...(platform === undefined ? {} : { platform }),
          });
        }
      },
    ),
    { numRuns: 300, seed: SEED },
  );
  // Noncompliant devices (whose grace records the verdict leaves out) must be reached.
  expect(graced).toBeGreaterThan(50);
});

it("a policy with an extra rule implies the policy without it", () => {
  const text = `compliance base "B" { platform windows rule enc "E" { require device.isEncrypted == true remediation "r" } }
compliance strict "S" { platform windows rule enc "E" { require device.isEncrypted == true remediation "r" } rule fw "F" { require device.firewallEnabled == true remediation "r" } }`;
  const compiled = compile(loadPolicySources([{ path: "p.tenet", text }]).value);
  expectImplies(
    { compiled, policy: "strict" },
    { compiled, policy: "base" },
    { schema: builtinSchema("device"), now: NOW, numRuns: 300, seed: SEED },
  );
  expect(() =>
    expectImplies(
      { compiled, policy: "base" },
      { compiled, policy: "strict" },
      { schema: builtinSchema("device"), now: NOW, numRuns: 300, seed: SEED },
    ),
  ).toThrow(/firewallEnabled/);
});
