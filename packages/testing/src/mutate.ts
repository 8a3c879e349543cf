import {
  parse,
  print,
  type AccessDecl,
  type ComplianceDecl,
  type Expr,
  type PolicyFile,
  type SelectorItem,
} from "@tenet/parser";

/** One policy source file. */
export interface PolicySource {
  path: string;
  text: string;
}

/** A copy of the policy sources with one comparison flipped or one bound moved. */
export interface Mutant {
  file: string;
  line: number;
  column: number;
  /** Where: `policy.rule`, `policy (when)` or `let name`. */
  where: string;
  /** What changed, e.g. "`>=` -> `>`" or "`\"10.0.26100\"` -> `\"10.0.26101\"`". */
  change: string;
  sources: PolicySource[];
}

interface Site {
  line: number;
  column: number;
  where: string;
  /** Apply the change to the (cloned) AST and describe it. */
  apply: () => string;
}

/** The off-by-one or negated operator a comparison mutant takes (not a side swap: that is `FLIP` in @tenet/parser). */
const MUTANT_OPERATOR = { ">=": ">", ">": ">=", "<=": "<", "<": "<=", "==": "!=", "!=": "==" } as const;
const DAY = 86_400_000;

/**
 * Every mutant of the policies in `sources`. Compliance rules: each comparison operator
 * flipped (`>=` to `>`, `==` to `!=`, `within` to `older than`, `in` to `not in`, `is present`
 * to `is missing`) and each bound moved one step either way (the last component of a version,
 * a number, a duration in its own unit, a date by a day), in rules, `when` clauses and the
 * `let` values they use. Access policies: each exclusion dropped, each of several inclusions
 * dropped, each of several grant controls dropped, `all(...)` and `any(...)` swapped, a single
 * control turned into `block` (or `block` into `mfa`), `enabled` and `report-only` swapped,
 * and a device filter's include and exclude swapped. A good test suite fails on every one.
 */
export function mutantsOf(sources: PolicySource[]): Mutant[] {
  const out: Mutant[] = [];
  for (const [index, source] of sources.entries()) {
    const parsed = parse(source.text, source.path);
    if (parsed.diagnostics.some((d) => d.severity === "error")) continue;
    const canonical = print(parsed.value);
    const count = sitesOf(parsed.value).length;
    for (let i = 0; i < count; i++) {
      // Sites are found in a fixed order, so site i of a fresh parse is the same place. A fresh
      // parse, not structuredClone: a parsed span works out its line and column from the file's
      // line starts (source/offset-span.ts), which a structured clone does not carry.
      const copy = parse(source.text, source.path).value;
      const site = sitesOf(copy)[i]!;
      const change = site.apply();
      const text = print(copy);
      if (text === canonical) continue;
      out.push({
        file: source.path,
        line: site.line,
        column: site.column,
        where: site.where,
        change,
        sources: sources.map((s, j) => (j === index ? { path: s.path, text } : s)),
      });
    }
  }
  return out;
}

function sitesOf(file: PolicyFile): Site[] {
  const sites: Site[] = [];
  for (const decl of file.declarations) {
    if (decl.kind === "Let") boundSites(decl.value, `let ${decl.name.name}`, sites, true);
    if (decl.kind === "Compliance") complianceSites(decl, sites);
    if (decl.kind === "Access") accessSites(decl, sites);
  }
  return sites;
}

function accessSites(decl: AccessDecl, sites: Site[]): void {
  const where = decl.name.name;
  const at = (node: { span: { start: { line: number; column: number } } }, apply: () => string) =>
    sites.push({ line: node.span.start.line, column: node.span.start.column, where, apply });
  const selector = (s: SelectorItem) =>
    [s.selector.name, s.values.map((v) => (v.kind === "String" ? `"${v.value}"` : v.name)).join(", ")]
      .filter((x) => x !== "")
      .join(" ");
  for (const clause of decl.clauses) {
    if (clause.kind === "State") {
      const from = clause.state.name;
      const to = from === "enabled" ? "report-only" : from === "report-only" ? "enabled" : undefined;
      if (to !== undefined) {
        at(clause, () => {
          clause.state.name = to;
          return `\`state ${from}\` -> \`state ${to}\``;
        });
      }
    } else if (clause.kind === "Condition") {
      const keyword = clause.condition.name;
      for (const [i, item] of clause.exclude.entries()) {
        at(item, () => {
          clause.exclude.splice(i, 1);
          return `\`${keyword}\` no longer excludes \`${selector(item)}\``;
        });
      }
      if (clause.include.length < 2) continue;
      for (const [i, item] of clause.include.entries()) {
        at(item, () => {
          clause.include.splice(i, 1);
          return `\`${keyword}\` no longer includes \`${selector(item)}\``;
        });
      }
    } else if (clause.kind === "Grant") {
      const names = clause.controls.map((c) => c.name.name);
      if (clause.controls.length > 1) {
        for (const [i, control] of clause.controls.entries()) {
          at(control, () => {
            clause.controls.splice(i, 1);
            return `grant no longer requires \`${names[i]}\``;
          });
        }
        const from = clause.operator;
        // Entra takes a password change only under "require all" (CP2042): that swap would not check.
        if (!names.includes("passwordChange")) {
          at(clause, () => {
            clause.operator = from === "all" ? "any" : "all";
            return `\`grant ${from}(...)\` -> \`grant ${clause.operator}(...)\``;
          });
        }
      } else if (clause.controls.length === 1) {
        const control = clause.controls[0]!;
        const to = control.name.name === "block" ? "mfa" : "block";
        at(control, () => {
          const from = control.name.name;
          control.name.name = to;
          control.values = [];
          return `\`grant ${from}\` -> \`grant ${to}\``;
        });
      }
    } else if (clause.kind === "DeviceFilter") {
      const from = clause.mode;
      at(clause, () => {
        clause.mode = from === "include" ? "exclude" : "include";
        return `\`devices ${from}\` -> \`devices ${clause.mode}\``;
      });
    }
  }
}

function complianceSites(decl: ComplianceDecl, sites: Site[]): void {
  const policy = decl.name.name;
  for (const clause of decl.clauses) {
    if (clause.kind === "When") exprSites(clause.condition, `${policy} (when)`, sites);
    if (clause.kind !== "Rule") continue;
    for (const rc of clause.clauses) {
      if (rc.kind === "Require") exprSites(rc.condition, `${policy}.${clause.name.name}`, sites);
      if (rc.kind === "When") exprSites(rc.condition, `${policy}.${clause.name.name} (when)`, sites);
    }
  }
}

function exprSites(e: Expr, where: string, sites: Site[]): void {
  const at = (node: Expr, apply: () => string) =>
    sites.push({ line: node.span.start.line, column: node.span.start.column, where, apply });
  switch (e.kind) {
    case "Binary":
      exprSites(e.left, where, sites);
      exprSites(e.right, where, sites);
      return;
    case "Not":
      exprSites(e.operand, where, sites);
      return;
    case "Paren":
      exprSites(e.inner, where, sites);
      return;
    case "Quantifier":
      exprSites(e.collection, where, sites);
      exprSites(e.body, where, sites);
      return;
    case "Compare": {
      const from = e.operator;
      at(e, () => {
        e.operator = MUTANT_OPERATOR[from];
        return `\`${from}\` -> \`${MUTANT_OPERATOR[from]}\``;
      });
      boundSites(e.left, where, sites, false);
      boundSites(e.right, where, sites, false);
      return;
    }
    case "Time": {
      const from = e.operator;
      at(e, () => {
        e.operator = from === "within" ? "olderThan" : "within";
        return from === "within" ? "`within` -> `older than`" : "`older than` -> `within`";
      });
      boundSites(e.duration, where, sites, false);
      return;
    }
    case "In":
      at(e, () => {
        e.negated = !e.negated;
        return e.negated ? "`in` -> `not in`" : "`not in` -> `in`";
      });
      return;
    case "Presence":
      at(e, () => {
        e.present = !e.present;
        return e.present ? "`is missing` -> `is present`" : "`is present` -> `is missing`";
      });
      return;
    default:
      return;
  }
}

/** A literal bound, moved one step down and one step up. In a `let`, a condition's comparisons too. */
function boundSites(e: Expr, where: string, sites: Site[], inLet: boolean): void {
  if (inLet && e.kind !== "String" && e.kind !== "Number" && e.kind !== "Duration" && e.kind !== "Date") {
    exprSites(e, where, sites);
    return;
  }
  const at = (apply: () => string) =>
    sites.push({ line: e.span.start.line, column: e.span.start.column, where, apply });
  for (const step of [-1, 1]) {
    if (e.kind === "String" && /^\d+(\.\d+)+$/.test(e.value)) {
      const parts = e.value.split(".").map(Number);
      const last = parts.length - 1;
      if (parts[last]! + step < 0) continue;
      at(() => {
        const from = e.value;
        // Keep a component's zero padding (`22.04` -> `22.03`): the mutant differs only in value.
        const width = from.split(".")[last]!.length;
        const moved = String(parts[last]! + step).padStart(width, "0");
        e.value = [...from.split(".").slice(0, last), moved].join(".");
        return `\`"${from}"\` -> \`"${e.value}"\``;
      });
    } else if (e.kind === "Number" && Number.isInteger(e.value)) {
      at(() => {
        const from = e.text;
        e.value += step;
        e.text = String(e.value);
        return `\`${from}\` -> \`${e.text}\``;
      });
    } else if (e.kind === "Duration") {
      const m = /^(\d+)([a-z]+)$/.exec(e.text);
      if (m === null || Number(m[1]) + step <= 0) continue;
      at(() => {
        const n = Number(m[1]);
        const from = e.text;
        e.millis = (e.millis / n) * (n + step);
        e.text = `${n + step}${m[2]}`;
        return `\`${from}\` -> \`${e.text}\``;
      });
    } else if (e.kind === "Date") {
      at(() => {
        const from = e.value;
        e.value = new Date(Date.parse(`${from}T00:00:00Z`) + step * DAY).toISOString().slice(0, 10);
        return `\`${from}\` -> \`${e.value}\``;
      });
    }
  }
}
