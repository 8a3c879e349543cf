import {
  clearNotReported,
  evaluate,
  evaluateAccess,
  type AccessDecision,
  type CompiledPolicySet,
  type DeviceResult,
  type EvaluateOptions,
  type TenantSettings,
} from "@tenet/evaluator";
import { describeAccess } from "./claims.js";
import { describeRejection } from "./describe.js";
import type { Expectation, TestCase, TestFile } from "./test-file.js";
import { testInstant } from "./test-instant.js";

/** The outcome of one (expanded) test case. */
export interface CaseResult {
  file: string;
  name: string;
  passed: boolean;
  /** Readable expected-vs-actual lines; empty when passed. */
  mismatches: string[];
  /** The explanation of the actual outcome. */
  explanation: string;
  device?: DeviceResult;
  /** The device snapshot the case evaluated (for coverage). */
  facts?: unknown;
  /** The evaluation instant of the case, epoch ms. */
  nowMs?: number;
  access?: AccessDecision;
}

export interface RunContext {
  compiled: CompiledPolicySet;
  /** Path of the test file, for messages. */
  file: string;
  /** Reads a snapshot file referenced by `deviceFile` or `{ file }`, relative to the test file. */
  loadSnapshot: (path: string) => unknown;
  /** Only cases whose full name contains this text. */
  filter?: string;
}

/** Run every case of a test file (table rows expanded) and compare with its expectations. */
export function runTestFile(doc: TestFile, ctx: RunContext): CaseResult[] {
  const out: CaseResult[] = [];
  for (const c of expandCases(doc)) {
    if (ctx.filter !== undefined && !c.name.includes(ctx.filter)) continue;
    out.push(runCase(doc, c, ctx));
  }
  return out;
}

/** Table-driven cases become one case per row, named `case [row]`. */
export function expandCases(doc: TestFile): TestCase[] {
  const out: TestCase[] = [];
  for (const c of doc.cases ?? []) {
    if (c.each === undefined) {
      out.push(c);
      continue;
    }
    c.each.forEach((row, i) => {
      out.push({
        ...c,
        name: `${c.name} [${row.name ?? i + 1}]`,
        device: row.device === undefined ? c.device : { extends: c.device, ...row.device },
        signIn: row.signIn === undefined ? c.signIn : { extends: c.signIn, ...row.signIn },
        expect: { ...c.expect, ...row.expect },
        ...(row.now === undefined ? {} : { now: row.now }),
        ...(row.tenant === undefined ? {} : { tenant: { ...c.tenant, ...row.tenant } }),
        ...(row.previous === undefined ? {} : { previous: row.previous }),
        each: undefined,
      });
    });
  }
  return out;
}

function runCase(doc: TestFile, c: TestCase, ctx: RunContext): CaseResult {
  const name = c.name;
  try {
    // A row's `now` overrides its case's, a case's its file's; none at all is DEFAULT_TEST_NOW.
    const now = testInstant(c.now ?? doc.now);
    const options: EvaluateOptions = {
      now,
      tenant: { ...(doc.tenant ?? {}), ...(c.tenant ?? {}) } as TenantSettings,
      ...(c.previous === undefined ? {} : { previous: c.previous }),
    };
    if (c.signIn !== undefined) {
      const signIn = resolveSnapshot(c.signIn, doc, ctx);
      const access = evaluateAccess(ctx.compiled, signIn, options);
      const mismatches = compareAccess(c.expect, access);
      return {
        file: ctx.file,
        name,
        passed: mismatches.length === 0,
        mismatches,
        explanation: describeAccess(access),
        access,
      };
    }
    const device = resolveSnapshot(c.deviceFile !== undefined ? { file: c.deviceFile } : c.device, doc, ctx);
    // A fixture copied from a Graph export reads as `tenet check` reads it.
    clearNotReported(device);
    const result = evaluate(ctx.compiled, device, options);
    const mismatches = compareDevice(c.expect ?? {}, result);
    return {
      file: ctx.file,
      name,
      passed: mismatches.length === 0,
      mismatches,
      explanation: describeRejection(result),
      device: result,
      facts: device,
      nowMs: now.millis,
    };
  } catch (e) {
    return {
      file: ctx.file,
      name,
      passed: false,
      mismatches: [`the case could not run: ${(e as Error).message}`],
      explanation: "",
    };
  }
}

function resolveSnapshot(spec: unknown, doc: TestFile, ctx: RunContext, depth = 0): unknown {
  if (depth > 16) throw new Error("fixtures extend each other in a cycle");
  if (spec === undefined || spec === null) throw new Error("the case has no `device` or `signIn`");
  if (typeof spec === "string") {
    const fixture = doc.fixtures?.[spec];
    if (fixture === undefined) throw new Error(`unknown fixture \`${spec}\``);
    return resolveSnapshot(fixture, doc, ctx, depth + 1);
  }
  if (typeof spec !== "object" || Array.isArray(spec)) return spec;
  const record = spec as Record<string, unknown>;
  if (typeof record.file === "string" && Object.keys(record).length === 1) return ctx.loadSnapshot(record.file);
  if ("extends" in record) {
    const { extends: base, ...rest } = record;
    return deepMerge(base === undefined ? {} : resolveSnapshot(base, doc, ctx, depth + 1), rest);
  }
  return record;
}

/** Merge plain objects recursively; `null` in the overlay removes the field (a missing fact). */
function deepMerge(base: unknown, overlay: Record<string, unknown>): unknown {
  if (typeof base !== "object" || base === null || Array.isArray(base)) return overlay;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else if (typeof v === "object" && !Array.isArray(v) && typeof out[k] === "object" && out[k] !== null)
      out[k] = deepMerge(out[k], v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

function ruleMatches(expected: string, id: string, rule: string): boolean {
  return expected.includes(".") ? expected === id : expected === rule;
}

function compareRuleSet(
  what: string,
  expected: string[] | undefined,
  actual: { id: string; rule: string }[],
  exact: boolean,
): string[] {
  if (expected === undefined) return [];
  const out: string[] = [];
  for (const e of expected) {
    if (!actual.some((a) => ruleMatches(e, a.id, a.rule))) out.push(`expected rule \`${e}\` to be ${what}, it is not`);
  }
  if (exact) {
    for (const a of actual) {
      if (!expected.some((e) => ruleMatches(e, a.id, a.rule)))
        out.push(`rule \`${a.id}\` is ${what} but the test does not expect it`);
    }
  }
  return out;
}

/** Expected-vs-actual lines for a device result. */
export function compareDevice(expect: Expectation, result: DeviceResult): string[] {
  const out: string[] = [];
  if (expect.state !== undefined && expect.state !== result.state)
    out.push(`state: expected \`${expect.state}\`, got \`${result.state}\``);
  for (const [policy, state] of Object.entries(expect.policies ?? {})) {
    const actual = result.policies.find((p) => p.policy === policy);
    if (actual === undefined) out.push(`policy \`${policy}\`: not in the policy set`);
    else if (actual.state !== state) out.push(`policy \`${policy}\`: expected \`${state}\`, got \`${actual.state}\``);
  }
  const rules = result.policies.flatMap((p) => p.rules);
  out.push(
    ...compareRuleSet(
      "failing",
      expect.failedRules,
      rules.filter((r) => r.status === "fail"),
      true,
    ),
  );
  out.push(
    ...compareRuleSet(
      "in error",
      expect.errorRules,
      rules.filter((r) => r.status === "error"),
      false,
    ),
  );
  out.push(
    ...compareRuleSet(
      "waived",
      expect.waivedRules,
      rules.filter((r) => r.status === "waived"),
      false,
    ),
  );
  return out;
}

/** Expected-vs-actual lines for an access decision. */
export function compareAccess(expect: Expectation, d: AccessDecision): string[] {
  const out: string[] = [];
  if (expect.decision !== undefined && expect.decision !== d.decision)
    out.push(`decision: expected \`${expect.decision}\`, got \`${d.decision}\``);
  if (expect.accessGrantedNow !== undefined && expect.accessGrantedNow !== d.accessGrantedNow) {
    out.push(`accessGrantedNow: expected ${expect.accessGrantedNow}, got ${d.accessGrantedNow}`);
  }
  if (expect.applies !== undefined) {
    const actual = d.policies
      .filter((p) => p.applies && p.state === "enabled")
      .map((p) => p.policy)
      .sort();
    const wanted = [...expect.applies].sort();
    if (JSON.stringify(actual) !== JSON.stringify(wanted))
      out.push(`applies: expected [${wanted.join(", ")}], got [${actual.join(", ")}]`);
  }
  for (const [policy, controls] of Object.entries(expect.unmetControls ?? {})) {
    const actual = d.unmetControls.find((u) => u.policy === policy)?.controls ?? [];
    if (JSON.stringify([...actual].sort()) !== JSON.stringify([...controls].sort())) {
      out.push(`unmet controls of \`${policy}\`: expected [${controls.join(", ")}], got [${actual.join(", ")}]`);
    }
  }
  for (const [policy, wanted] of Object.entries(expect.reportOnly ?? {})) {
    const p = d.policies.find((x) => x.policy === policy);
    if (p === undefined || p.state !== "reportOnly") {
      out.push(`reportOnly: \`${policy}\` is not a report-only policy`);
      continue;
    }
    const actual = p.applies ? p.reportOnlyResult : "notApplied";
    if (actual !== wanted)
      out.push(
        `report-only result of \`${policy}\`: expected \`${wanted}\`, got \`${actual}\`${p.applies ? "" : ` (${p.detail ?? p.reason})`}`,
      );
  }
  return out;
}
