import type { Expr, PropertyDecl, WaiverDecl } from "../ast/nodes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import type { CheckedCompliance, CheckedWaiver } from "./checked.js";
import { checkCondition } from "./check-expr.js";
import { singleClauses } from "./clause-set.js";
import type { ExprContext } from "./expr-context.js";

const REPEATABLE = new Set(["WaiverRules", "WaiverDevices"]);

/** The fact roots (`device`, `signIn`) a scope's paths start from, through the `let`s it names. */
function rootsOf(e: Expr, ctx: ExprContext, out: Set<string>, seen = new Set<unknown>()): Set<string> {
  if (seen.has(e)) return out;
  seen.add(e);
  if (e.kind === "Path") {
    const target = ctx.letTargets.get(e);
    if (target !== undefined) return rootsOf(target.value, ctx, out, seen);
    out.add(e.segments[0]!.name);
  }
  for (const value of Object.values(e) as unknown[])
    for (const child of Array.isArray(value) ? value : [value])
      if (child !== null && typeof child === "object" && "kind" in child && "span" in child)
        rootsOf(child as Expr, ctx, out, seen);
  return out;
}

/**
 * Checks a waiver: the rules it names must exist and must not be hard (CP2018, CP2020);
 * reason, approver and expiry are required; an expired waiver is a warning (CP2019) when
 * the caller gives `now`.
 */
export function checkWaiver(
  decl: WaiverDecl,
  compliance: CheckedCompliance[],
  ctx: ExprContext,
  now: number | undefined,
  properties: readonly PropertyDecl[] = [],
): CheckedWaiver | undefined {
  const report = ctx.report;
  const single = singleClauses(decl.clauses, REPEATABLE, `waiver \`${decl.name.name}\``, report, (c) =>
    c.kind === "WaiverText"
      ? c.field
      : c.kind === "WaiverScope"
        ? "scope"
        : c.kind === "WaiverExpires"
          ? "expires"
          : c.kind === "WaiverProperties"
            ? "properties"
            : c.kind,
  );
  const rules: CheckedWaiver["rules"] = [];
  for (const clause of decl.clauses) {
    if (clause.kind !== "WaiverRules") continue;
    for (const ref of clause.rules) {
      if (ref.policy.recovered === true) continue;
      const policy = compliance.find((p) => p.name === ref.policy.name);
      if (policy === undefined) {
        const help =
          didYouMean(
            ref.policy.name,
            compliance.map((p) => p.name),
          ) ?? "waivers name rules as `policy.rule` or `policy.*`";
        report(
          makeDiagnostic("CP2018", ref.span, {
            name: ref.rule === undefined ? `${ref.policy.name}.*` : `${ref.policy.name}.${ref.rule.name}`,
            help,
          }),
        );
        continue;
      }
      const targets = ref.rule === undefined ? policy.rules : policy.rules.filter((r) => r.name === ref.rule!.name);
      if (ref.rule !== undefined && targets.length === 0) {
        const help =
          didYouMean(
            ref.rule.name,
            policy.rules.map((r) => r.name),
          ) ?? `\`${policy.name}\` has rules ${policy.rules.map((r) => `\`${r.name}\``).join(", ")}`;
        report(makeDiagnostic("CP2018", ref.span, { name: `${policy.name}.${ref.rule.name}`, help }));
        continue;
      }
      for (const hard of targets.filter((r) => r.enforcement === "hard" && ref.rule !== undefined)) {
        report(makeDiagnostic("CP2020", ref.span, { name: decl.name.name, rule: hard.id }));
      }
      rules.push({ policy: policy.name, ...(ref.rule === undefined ? {} : { rule: ref.rule.name }) });
    }
  }
  const scope = single.get("scope");
  if (scope?.kind === "WaiverScope") checkCondition(ctx, scope.condition, "`scope`");
  const deviceIds = decl.clauses.flatMap((c) => (c.kind === "WaiverDevices" ? c.ids.map((s) => s.value) : []));
  // A scope over `signIn` makes the waiver a sign-in exception; it cannot also waive device rules.
  const roots = scope?.kind === "WaiverScope" ? rootsOf(scope.condition, ctx, new Set()) : new Set<string>();
  const appliesTo = roots.has("signIn") ? "signIns" : "devices";
  if (appliesTo === "signIns") {
    const problem = roots.has("device")
      ? "reads both `signIn` and `device` facts in its scope"
      : decl.clauses.some((c) => c.kind === "WaiverRules" || c.kind === "WaiverDevices")
        ? "reads `signIn` in its scope and also names rules or devices"
        : undefined;
    if (problem !== undefined) report(makeDiagnostic("CP2079", scope!.span, { name: decl.name.name, problem }));
  }
  const named = single.get("properties");
  const excused =
    named?.kind === "WaiverProperties" ? excusedProperties(decl, named, appliesTo, properties, report) : [];
  const text = (field: "reason" | "approver" | "ticket") => {
    const clause = single.get(field);
    return clause?.kind === "WaiverText" ? clause.text.value : undefined;
  };
  for (const field of ["reason", "approver", "expires"] as const) {
    if (!single.has(field) && decl.recovered !== true)
      report(makeDiagnostic("CP2021", decl.name.span, { block: "waiver", name: decl.name.name, clause: field }));
  }
  const expires = single.get("expires");
  if (expires?.kind !== "WaiverExpires") return undefined;
  const expiresMillis = expires.at.kind === "Date" ? Date.parse(`${expires.at.value}T00:00:00Z`) : expires.at.millis;
  if (now !== undefined && expiresMillis <= now) {
    report(
      makeDiagnostic("CP2019", expires.span, {
        name: decl.name.name,
        expires: expires.at.kind === "Date" ? expires.at.value : expires.at.text,
      }),
    );
  }
  const ticket = text("ticket");
  return {
    decl,
    name: decl.name.name,
    appliesTo,
    rules,
    ...(scope?.kind === "WaiverScope" ? { scope: scope.condition } : {}),
    ...(deviceIds.length > 0 ? { deviceIds } : {}),
    ...(named === undefined ? {} : { properties: excused }),
    reason: text("reason") ?? "",
    approver: text("approver") ?? "",
    ...(ticket === undefined ? {} : { ticket }),
    expiresMillis,
  };
}

/** The claim words of a property's `expect`, or undefined without one. */
const claimWords = (p: PropertyDecl) => {
  const expect = p.clauses.find((c) => c.kind === "Expect");
  return expect?.kind === "Expect" ? expect.words.map((w) => w.name).join(" ") : undefined;
};

/** Why an exception cannot excuse a property, or undefined when it can (`requires CONTROL`, `always blocked`). */
function unexcusable(p: PropertyDecl): string | undefined {
  const words = claimWords(p);
  if (words === "never blocked") return "it expects `never blocked`, which no exception waives";
  if (words === "always blocked" || /^requires \S+$/.test(words ?? "")) return undefined;
  return `it is not a sign-in property (\`expect ${words ?? ""}\`)`;
}

/**
 * The properties a sign-in exception's `properties` clause names, each checked: a name no
 * property declares is CP2080, one an exception cannot excuse is CP2081, and the clause on a
 * waiver of device rules is a mixed waiver (CP2079).
 */
function excusedProperties(
  decl: WaiverDecl,
  clause: Extract<WaiverDecl["clauses"][number], { kind: "WaiverProperties" }>,
  appliesTo: CheckedWaiver["appliesTo"],
  properties: readonly PropertyDecl[],
  report: ExprContext["report"],
): string[] {
  const name = decl.name.name;
  if (appliesTo !== "signIns") {
    report(
      makeDiagnostic("CP2079", clause.span, {
        name,
        problem: "names properties, but its `scope` does not read `signIn`",
      }),
    );
    return [];
  }
  const excusable = properties.filter((p) => unexcusable(p) === undefined).map((p) => p.name.name);
  return clause.properties.flatMap((ref) => {
    if (ref.recovered === true) return [];
    const property = properties.find((p) => p.name.name === ref.name);
    if (property === undefined) {
      const help =
        didYouMean(ref.name, excusable) ??
        (excusable.length === 0
          ? "the policy set declares no sign-in property an exception can excuse"
          : `sign-in properties: ${excusable.map((p) => `\`${p}\``).join(", ")}`);
      report(makeDiagnostic("CP2080", ref.span, { name, property: ref.name, help }));
      return [];
    }
    const reason = unexcusable(property);
    if (reason !== undefined) {
      report(makeDiagnostic("CP2081", ref.span, { name, property: ref.name, reason }));
      return [];
    }
    return [ref.name];
  });
}
