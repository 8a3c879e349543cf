import type { ComplianceDecl, ControlsClause, Ident, PathExpr, RuleDecl, StringLit } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { didYouMean } from "../text/closest.js";
import { placeholderText } from "../text/placeholders.js";
import type {
  CheckedCompliance,
  CheckedRule,
  ControlMapping,
  Enforcement,
  Platform,
  RuleSeverity,
  UnknownOutcome,
} from "./checked.js";
import { checkCondition } from "./check-expr.js";
import { checkPath } from "./check-path.js";
import { checkSchedule } from "./check-schedule.js";
import { oneOf, singleClauses } from "./clause-set.js";
import type { ExprContext } from "./expr-context.js";
import { checkControls } from "./check-controls.js";

export const PLATFORMS: readonly Platform[] = [
  "windows",
  "macOS",
  "iOS",
  "android",
  "androidWorkProfile",
  "androidDeviceOwner",
  "androidAOSP",
  "linux",
];
const ENFORCEMENTS: readonly Enforcement[] = ["advisory", "soft", "hard"];
const SEVERITIES: readonly RuleSeverity[] = ["low", "medium", "high", "critical"];
const OUTCOMES: readonly UnknownOutcome[] = ["error", "unknown", "fail"];
const REPEATABLE = new Set(["Rule", "Controls", "Assign"]);

/** Checks a compliance policy: its clauses, every rule's condition against the device schema, and its schedule. */
export function checkCompliance(decl: ComplianceDecl, ctx: ExprContext): CheckedCompliance {
  const report = ctx.report;
  const block = `compliance policy \`${decl.name.name}\``;
  const single = singleClauses(decl.clauses, REPEATABLE, block, report, clauseName);
  const platforms: Platform[] = [];
  const platformClause = single.get("platform");
  if (platformClause?.kind === "Platform") {
    for (const p of platformClause.platforms) {
      if ((PLATFORMS as readonly string[]).includes(p.name)) platforms.push(p.name as Platform);
      else if (p.recovered !== true)
        report(
          makeDiagnostic("CP2009", p.span, {
            name: p.name,
            help: didYouMean(p.name, PLATFORMS) ?? `platforms are ${PLATFORMS.map((x) => `\`${x}\``).join(", ")}`,
          }),
        );
    }
  }
  const enforcementClause = single.get("enforcement");
  const enforcement =
    (enforcementClause?.kind === "Enforcement" &&
      oneOf(enforcementClause.level, ENFORCEMENTS, "enforcement level", report, didYouMean)) ||
    "soft";
  const unknownClause = single.get("on unknown");
  const onUnknown =
    (unknownClause?.kind === "OnUnknown" &&
      oneOf(unknownClause.outcome, OUTCOMES, "outcome for unknown rules", report, didYouMean)) ||
    "error";
  const whenClause = single.get("when");
  if (whenClause?.kind === "When") checkCondition(ctx, whenClause.condition, "`when`");
  const controls = checkControls(
    decl.clauses.filter((c): c is ControlsClause => c.kind === "Controls"),
    report,
  );
  const description = single.get("description");
  const schedule = single.get("on noncompliant");

  const rules: CheckedRule[] = [];
  const seen = new Map<string, Span>();
  for (const clause of decl.clauses) {
    if (clause.kind !== "Rule") continue;
    if (seen.has(clause.name.name)) {
      report(
        makeDiagnostic(
          "CP2012",
          clause.name.span,
          { name: clause.name.name, policy: decl.name.name },
          { related: [{ span: seen.get(clause.name.name)!, message: "first declared here" }] },
        ),
      );
      continue;
    }
    seen.set(clause.name.name, clause.name.span);
    const rule = checkRule(clause, decl.name.name, { enforcement, onUnknown, controls }, ctx);
    if (rule !== undefined) rules.push(rule);
  }
  return {
    decl,
    name: decl.name.name,
    title: decl.title?.value ?? decl.name.name,
    ...(description?.kind === "Description" ? { description: description.text.value } : {}),
    platforms,
    ...(whenClause?.kind === "When" ? { when: whenClause.condition } : {}),
    enforcement,
    rules,
    schedule: checkSchedule(schedule?.kind === "Schedule" ? schedule : undefined, platforms, report),
    controls,
  };
}

function clauseName(c: { kind: string }): string {
  if (c.kind === "OnUnknown") return "on unknown";
  if (c.kind === "Schedule") return "on noncompliant";
  return c.kind.toLowerCase();
}

interface RuleDefaults {
  enforcement: Enforcement;
  onUnknown: UnknownOutcome;
  controls: ControlMapping[];
}

function checkRule(decl: RuleDecl, policy: string, defaults: RuleDefaults, ctx: ExprContext): CheckedRule | undefined {
  const report = ctx.report;
  const block = `rule \`${decl.name.name}\``;
  const single = singleClauses(decl.clauses, new Set(["Controls"]), block, report, clauseName);
  const require = single.get("require");
  if (require?.kind !== "Require") {
    if (decl.recovered !== true)
      report(makeDiagnostic("CP2021", decl.name.span, { block: "rule", name: decl.name.name, clause: "require" }));
    return undefined;
  }
  checkCondition(ctx, require.condition, "`require`");
  const when = single.get("when");
  if (when?.kind === "When") checkCondition(ctx, when.condition, "`when`");
  const severity = single.get("severity");
  const enforcement = single.get("enforcement");
  const onUnknown = single.get("on unknown");
  const remediation = single.get("remediation");
  if (remediation?.kind === "Remediation") checkInterpolation(remediation.text, ctx);
  if (decl.title === undefined)
    missing(report, decl.name, "title", 'add a title after the name: `rule name "What it checks" { ... }`');
  if (remediation === undefined)
    missing(report, decl.name, "remediation", 'tell the device owner how to fix it: `remediation "..."`');
  const own = checkControls(
    decl.clauses.filter((c): c is ControlsClause => c.kind === "Controls"),
    report,
  );
  return {
    decl,
    id: `${policy}.${decl.name.name}`,
    name: decl.name.name,
    title: decl.title?.value ?? decl.name.name,
    require: require.condition,
    ...(when?.kind === "When" ? { when: when.condition } : {}),
    severity:
      (severity?.kind === "Severity" && oneOf(severity.level, SEVERITIES, "severity", report, didYouMean)) || "medium",
    enforcement:
      (enforcement?.kind === "Enforcement" &&
        oneOf(enforcement.level, ENFORCEMENTS, "enforcement level", report, didYouMean)) ||
      defaults.enforcement,
    onUnknown:
      (onUnknown?.kind === "OnUnknown" &&
        oneOf(onUnknown.outcome, OUTCOMES, "outcome for unknown rules", report, didYouMean)) ||
      defaults.onUnknown,
    ...(remediation?.kind === "Remediation" ? { remediation: remediation.text.value } : {}),
    ...(remediation?.kind === "Remediation" && remediation.text.literalBraces !== undefined
      ? { remediationLiteralBraces: remediation.text.literalBraces }
      : {}),
    controls: [
      ...own,
      ...defaults.controls.filter((p) => !own.some((o) => o.framework === p.framework && o.id === p.id)),
    ],
  };
}

function missing(report: (d: Diagnostic) => void, name: Ident, what: string, help: string): void {
  if (name.recovered !== true) report(makeDiagnostic("CP2033", name.span, { rule: name.name, what, help }));
}

/** Every `{path}` in remediation text must name a fact (CP2026); `\{...\}` is literal text. */
function checkInterpolation(text: StringLit, ctx: ExprContext): void {
  const span = text.span;
  for (const match of placeholderText(text.value, text.literalBraces).matchAll(/\{([^{}]*)\}/g)) {
    const segments = match[1]!.trim().split(".");
    const path: PathExpr = { kind: "Path", segments: segments.map((name) => ({ kind: "Ident", name, span })), span };
    const problems: Diagnostic[] = [];
    checkPath({ ...ctx, report: (d) => problems.push(d), types: new Map(), letTargets: new Map() }, path);
    if (problems.length > 0) report(ctx, span, match[1]!, problems[0]!.help);
  }
}

function report(ctx: ExprContext, span: Span, path: string, help: string | undefined): void {
  ctx.report(
    makeDiagnostic("CP2026", span, {
      path,
      help: help ?? "placeholders name facts, e.g. `{device.osVersion}`; write `\\{` for a literal brace",
    }),
  );
}
