/**
 * Golden evaluation cases: each folder holds `policy.tenet`, `facts.json`, optional
 * `options.json` (now, tenant, previous) and `want.json` (hand-written expectations:
 * device state, policy states, rule statuses, fixes). The full decision is compared with
 * `expected.decision.json` (refresh with `vitest -u`, review the diff).
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { referenceEvaluate } from "@tenet/evaluator/testing";
import type { EvaluateOptions } from "@tenet/evaluator";

/** Set to a case name to run only that case while debugging. */
const ONLY: string | undefined = undefined;

const here = fileURLToPath(new URL(".", import.meta.url));
const cases = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith("_") && (ONLY === undefined || d.name === ONLY))
  .map((d) => d.name)
  .sort();

interface Want {
  state: string;
  policies?: Record<string, string>;
  rules?: Record<string, string>;
  defaultPolicy?: string[];
  fixes?: Record<string, string[]>;
  waivers?: string[];
  due?: string[];
  pending?: string[];
}

const read = (dir: string, file: string) => readFileSync(join(here, dir, file), "utf8");

describe("golden evaluation cases", () => {
  it.each(cases)("%s", async (name) => {
    const text = read(name, "policy.tenet");
    const loaded = loadPolicySources([{ path: `${name}/policy.tenet`, text }]);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
    const facts = JSON.parse(read(name, "facts.json")) as unknown;
    const options: EvaluateOptions = existsSync(join(here, name, "options.json"))
      ? (JSON.parse(read(name, "options.json")) as EvaluateOptions)
      : { now: "2026-11-25T12:00:00Z" };
    const result = evaluate(compile(loaded.value), facts, options);
    expect(referenceEvaluate(loaded.value, facts, options)).toEqual(result);

    const want = JSON.parse(read(name, "want.json")) as Want;
    expect(result.state).toBe(want.state);
    for (const [policy, state] of Object.entries(want.policies ?? {})) {
      expect(result.policies.find((p) => p.policy === policy)?.state, policy).toBe(state);
    }
    const rules = new Map(result.policies.flatMap((p) => p.rules.map((r) => [r.id, r] as const)));
    for (const [id, status] of Object.entries(want.rules ?? {})) expect(rules.get(id)?.status, id).toBe(status);
    for (const [id, fixes] of Object.entries(want.fixes ?? {})) {
      expect(
        rules.get(id)?.explanation?.fixes.map((f) => f.text),
        id,
      ).toEqual(fixes);
    }
    if (want.defaultPolicy !== undefined) expect(result.defaultPolicy.failed).toEqual(want.defaultPolicy);
    if (want.waivers !== undefined) expect(result.waiversApplied).toEqual(want.waivers);
    if (want.due !== undefined)
      expect(result.actions.due.map((a) => `${a.policy}:${a.action}@${a.dueAt}`)).toEqual(want.due);
    if (want.pending !== undefined)
      expect(result.actions.pending.map((a) => `${a.policy}:${a.action}@${a.dueAt}`)).toEqual(want.pending);

    await expect(`${JSON.stringify({ ...result, policySetHash: "<hash>" }, null, 2)}\n`).toMatchFileSnapshot(
      join(here, name, "expected.decision.json"),
    );
  });
});
