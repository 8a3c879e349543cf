import { emptySpan, makeDiagnostic, type CatalogCode, type Diagnostic } from "@tenet/parser";
import type { AccessAnalysis, AccessComparison, Finding, FindingKind } from "@tenet/evaluator";
import type { Paint } from "../terminal.js";
import { plural } from "./plural.js";

/** The catalog code of each kind of analysis finding (CP41xx). */
export const FINDING_CODES: Record<FindingKind, CatalogCode> = {
  gap: "CP4101",
  reportOnlyCoverage: "CP4102",
  neverApplies: "CP4103",
  blockShadowsGrant: "CP4104",
  subsumed: "CP4105",
  uncoveredExclusion: "CP4106",
  unknownReference: "CP4107",
  notDecided: "CP4108",
  expiredException: "CP4109",
};

/** A finding as a catalog diagnostic at its policy or property (SARIF and the one renderer read these). */
export function findingDiagnostic(f: Finding): Diagnostic {
  return makeDiagnostic(FINDING_CODES[f.kind], f.span ?? emptySpan(""), { message: f.message, fix: f.fix ?? "" });
}

/** ` (only for a, b)` after an exception limited to named properties. */
export const limitedTo = (e: { properties?: readonly string[] }): string =>
  e.properties === undefined ? "" : ` (only for ${e.properties.join(", ")})`;

const where = (f: Finding) =>
  f.span === undefined || f.span.file === "" ? "" : `${f.span.file}:${f.span.start.line}: `;

/** `analyze access` as text: the space explored, each requirement's verdict, then the findings with witnesses. */
export function analyzeText(a: AccessAnalysis, paint: Paint): string {
  const s = a.stats;
  const out = [
    paint(
      "bold",
      `access analysis: ${s.policies} policies, ${s.classes} sign-in classes explored (of ${s.product} ` +
        `combinations of the values the policies mention), ${s.deviceAtoms} device filter atoms`,
    ),
    "",
    paint("bold", "requirements"),
  ];
  for (const r of a.requirements) {
    const verdict =
      r.status === "pass"
        ? paint("green", "PASS")
        : r.status === "fail"
          ? paint("red", "FAIL")
          : paint("yellow", "NOT DECIDED");
    const scope =
      r.status === "fail"
        ? `${r.failingClasses} of ${r.classesInScope} classes in scope fail`
        : `${r.classesInScope} classes in scope`;
    out.push(`  ${verdict} ${r.name} (${r.claim}${r.source === "default" ? ", Tenet default" : ""}): ${scope}`);
    for (const why of r.notDecided) out.push(`       not decided: ${why}`);
    for (const e of r.exceptions ?? [])
      out.push(
        e.expired
          ? `       exception ${e.name}${limitedTo(e)} EXPIRED on ${e.expires}: no longer excuses ${e.classes} ` +
              `class${e.classes === 1 ? "" : "es"} (${e.reason}; approved by ${e.approver})`
          : `       exception ${e.name}${limitedTo(e)} until ${e.expires} excuses ${e.classes} ` +
              `class${e.classes === 1 ? "" : "es"} (${e.reason}; approved by ${e.approver})`,
      );
  }
  const findings = a.findings.filter((f) => f.kind !== "notDecided");
  out.push("", paint("bold", findings.length === 0 ? "no findings" : "findings"));
  for (const f of findings) {
    const level =
      f.severity === "error" ? paint("red", "error") : f.severity === "warning" ? paint("yellow", "warning") : "info";
    out.push(`  ${where(f)}${level}[${FINDING_CODES[f.kind]}]: ${f.message}`);
    if (f.fix !== undefined) out.push(`    fix: ${f.fix}`);
    if (f.witness !== undefined)
      out.push(
        `    witness (${f.witness.decision}${f.witness.accessGrantedNow ? ", access granted" : ""}; tenet ` +
          `whatif reproduces it): ${JSON.stringify(f.witness.signIn)}`,
      );
  }
  if (a.notDecided.length > 0) {
    out.push("", paint("bold", "not decided"));
    for (const why of a.notDecided) out.push(`  ${why}`);
  }
  const failed = a.requirements.filter((r) => r.status === "fail").length;
  const undecided = a.requirements.filter((r) => r.status === "notDecided").length;
  out.push(
    "",
    `${a.requirements.length - failed - undecided} of ${a.requirements.length} requirements hold, ${failed} ` +
      `fail, ${undecided} not decided; ${plural(findings.length, "finding")}`,
  );
  return `${out.join("\n")}\n`;
}

/** `analyze access --compare` as text: each class whose outcome changes, with its witness. */
export function compareText(c: AccessComparison, paint: Paint): string {
  const outcome = (o: AccessComparison["changes"][number]["before"]) =>
    o.decision === "block" ? "block" : o.requires.length > 0 ? `requires ${o.requires.join(" and ")}` : o.decision;
  const out = [paint("bold", `${c.changes.length} of ${c.stats.classes} sign-in classes change decision`)];
  for (const ch of c.changes) {
    const color = ch.direction === "loosened" ? "red" : ch.direction === "tightened" ? "green" : "yellow";
    out.push(`  ${paint(color, ch.direction)}: ${ch.class}`);
    out.push(`    before: ${outcome(ch.before)}; after: ${outcome(ch.after)}`);
    out.push(`    witness: ${JSON.stringify(ch.signIn)}`);
  }
  return `${out.join("\n")}\n`;
}
