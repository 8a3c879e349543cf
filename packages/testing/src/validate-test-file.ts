import { didYouMean } from "@tenet/parser";

const TOP = ["now", "tenant", "fixtures", "cases", "policies"];
const CASE = ["name", "now", "tenant", "previous", "device", "deviceFile", "signIn", "expect", "each"];
const ROW = ["name", "now", "tenant", "previous", "device", "signIn", "expect"];
const EXPECT = [
  "state",
  "policies",
  "failedRules",
  "errorRules",
  "waivedRules",
  "decision",
  "accessGrantedNow",
  "applies",
  "unmetControls",
  "reportOnly",
];
const REPORT_ONLY_RESULTS = ["success", "failure", "userActionRequired", "notApplied"];
const DEVICE_STATES = ["unknown", "compliant", "inGracePeriod", "noncompliant", "error"];
const POLICY_STATES = [...DEVICE_STATES, "notApplicable"];
const DECISIONS = ["block", "grant", "notApplied", "unknown"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * Check the shape of a parsed test file before running it: a misspelt key (`failedRule:`)
 * or a misspelt state would otherwise make a case that can never fail. Returns one message
 * per problem, each naming the case it is in.
 */
export function validateTestFile(doc: unknown): string[] {
  const out: string[] = [];
  if (!isRecord(doc)) return ["expected a mapping with a `cases` list"];
  unknownKeys(doc, TOP, "the file", out);
  if (!Array.isArray(doc.cases)) out.push("expected a `cases` list");
  if (doc.now !== undefined && typeof doc.now !== "string") out.push("`now` must be an ISO-8601 string");
  if (doc.fixtures !== undefined && !isRecord(doc.fixtures))
    out.push("`fixtures` must be a mapping of names to snapshots");
  if (doc.policies !== undefined && !isStringList(doc.policies)) out.push("`policies` must be a list of paths");
  const names = new Set<string>();
  for (const [i, c] of (Array.isArray(doc.cases) ? doc.cases : []).entries()) {
    const where = isRecord(c) && typeof c.name === "string" ? `case \`${c.name}\`` : `case #${i + 1}`;
    if (!isRecord(c)) {
      out.push(`${where}: expected a mapping`);
      continue;
    }
    if (typeof c.name !== "string" || c.name === "") out.push(`${where}: missing \`name\``);
    else if (names.has(c.name)) out.push(`${where}: another case has the same name`);
    else names.add(c.name);
    unknownKeys(c, CASE, where, out);
    const subjects = ["device", "deviceFile", "signIn"].filter((k) => c[k] !== undefined);
    if (subjects.length > 1)
      out.push(
        `${where}: give one of \`device\`, \`deviceFile\` or \`signIn\`, not ${subjects.map((s) => `\`${s}\``).join(" and ")}`,
      );
    if (subjects.length === 0 && !Array.isArray(c.each))
      out.push(`${where}: missing \`device\`, \`deviceFile\` or \`signIn\``);
    if (c.expect !== undefined) checkExpect(c.expect, where, out);
    if (c.each === undefined) {
      if (!hasExpectation(c.expect)) out.push(`${where}: no expectation, so the case cannot fail; add \`expect\``);
      continue;
    }
    if (!Array.isArray(c.each) || c.each.length === 0) {
      out.push(`${where}: \`each\` must be a non-empty list of rows`);
      continue;
    }
    for (const [j, row] of c.each.entries()) {
      const rowWhere = `${where} row ${isRecord(row) && typeof row.name === "string" ? `\`${row.name}\`` : `#${j + 1}`}`;
      if (!isRecord(row)) {
        out.push(`${rowWhere}: expected a mapping`);
        continue;
      }
      unknownKeys(row, ROW, rowWhere, out);
      if (row.expect !== undefined) checkExpect(row.expect, rowWhere, out);
      if (!hasExpectation(c.expect) && !hasExpectation(row.expect))
        out.push(`${rowWhere}: no expectation, so the row cannot fail; add \`expect\``);
    }
  }
  return out;
}

function hasExpectation(e: unknown): boolean {
  return isRecord(e) && Object.keys(e).some((k) => EXPECT.includes(k));
}

function unknownKeys(record: Record<string, unknown>, known: string[], where: string, out: string[]): void {
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const hint = didYouMean(key, known);
    out.push(`${where}: unknown key \`${key}\`${hint === undefined ? "" : `; ${hint}`}`);
  }
}

function checkExpect(e: unknown, where: string, out: string[]): void {
  if (!isRecord(e)) {
    out.push(`${where}: \`expect\` must be a mapping`);
    return;
  }
  unknownKeys(e, EXPECT, `${where} expect`, out);
  const oneOf = (key: string, value: unknown, allowed: string[]) => {
    if (value !== undefined && !(typeof value === "string" && allowed.includes(value))) {
      out.push(`${where}: \`${key}\` is ${JSON.stringify(value)}; expected one of ${allowed.join(", ")}`);
    }
  };
  oneOf("state", e.state, DEVICE_STATES);
  oneOf("decision", e.decision, DECISIONS);
  if (e.policies !== undefined) {
    if (!isRecord(e.policies)) out.push(`${where}: \`policies\` must map policy names to states`);
    else for (const [policy, state] of Object.entries(e.policies)) oneOf(`policies.${policy}`, state, POLICY_STATES);
  }
  for (const key of ["failedRules", "errorRules", "waivedRules", "applies"]) {
    if (e[key] !== undefined && !isStringList(e[key])) out.push(`${where}: \`${key}\` must be a list of names`);
  }
  if (e.accessGrantedNow !== undefined && typeof e.accessGrantedNow !== "boolean")
    out.push(`${where}: \`accessGrantedNow\` must be true or false`);
  if (
    e.unmetControls !== undefined &&
    !(isRecord(e.unmetControls) && Object.values(e.unmetControls).every(isStringList))
  ) {
    out.push(`${where}: \`unmetControls\` must map policy names to lists of controls`);
  }
  if (e.reportOnly !== undefined) {
    if (!isRecord(e.reportOnly)) out.push(`${where}: \`reportOnly\` must map report-only policy names to results`);
    else
      for (const [policy, result] of Object.entries(e.reportOnly))
        oneOf(`reportOnly.${policy}`, result, REPORT_ONLY_RESULTS);
  }
}
