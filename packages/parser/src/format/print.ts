import type * as A from "../ast/nodes.js";
import type { Span } from "../source/span.js";
import { Layout } from "./layout.js";
import { chainParts, printExpr, printLiteral, printString } from "./print-expr.js";

/** Lines longer than this are broken after `and`/`or`. */
export const MAX_WIDTH = 100;

/**
 * Prints a file in Tenet's one canonical layout: two-space indentation, one clause per
 * line, a blank line between declarations and before each rule and schedule, clauses in
 * the order written, every comment kept.
 */
export function print(file: A.PolicyFile): string {
  const out = new Layout(file.comments);
  for (const decl of file.declarations) {
    out.blank();
    declaration(out, decl);
  }
  return out.finish();
}

function declaration(out: Layout, d: A.Declaration): void {
  switch (d.kind) {
    case "Import":
      return out.node(`import ${printString(d.path)}`, d.span);
    case "Let":
      return condition(out, `let ${d.name.name} =`, d.value, d.span);
    case "Compliance":
      return block(out, "compliance", d, d.clauses, (c, i) => complianceClause(out, c, i));
    case "Access":
      return block(out, "access", d, d.clauses, (c) => accessClause(out, c));
    case "Waiver":
      return block(out, "waiver", d, d.clauses, (c) => waiverClause(out, c));
    case "Property":
      return block(out, "property", d, d.clauses, (c) => propertyClause(out, c));
    case "Filter":
      return block(out, "filter", d, d.clauses, (c) =>
        c.kind === "FilterRule" ? out.node(`rule ${printString(c.rule)}`, c.span) : sharedClause(out, c),
      );
  }
}

function block<C extends { span: Span }>(
  out: Layout,
  keyword: string,
  d: { name: A.Ident; title?: A.StringLit; span: Span },
  clauses: C[],
  each: (c: C, index: number) => void,
): void {
  const header = `${keyword} ${d.name.name}${d.title === undefined ? "" : ` ${printString(d.title)}`} {`;
  const { start, end } = d.span; // a parsed span works its positions out at each read
  out.leading(start.offset, start.line);
  out.push(header);
  out.trailing(start.line);
  out.indent++;
  clauses.forEach((c, i) => each(c, i));
  out.leading(end.offset - 1, end.line);
  out.indent--;
  if (clauses.length === 0 && out.last.endsWith("{")) out.last = `${out.last}}`;
  else out.push("}");
  out.trailing(end.line);
}

/** `keyword EXPR`, broken after each `and`/`or` when the line would be too long. */
function condition(out: Layout, prefix: string, e: A.Expr, span: Span): void {
  const flat = `${prefix} ${printExpr(e)}`;
  const chain = chainParts(e);
  if (chain === undefined || flat.length + out.indent * 2 <= MAX_WIDTH) return out.node(flat, span);
  const start = span.start;
  out.leading(start.offset, start.line);
  chain.parts.forEach((part, i) => {
    const last = i === chain.parts.length - 1;
    const text = `${i === 0 ? `${prefix} ` : "    "}${part}${last ? "" : ` ${chain.operator}`}`;
    out.push(text);
  });
  out.trailing(span.end.line);
}

function controls(c: A.ControlsClause): string {
  return `controls ${c.controls.map((r) => `${r.framework.name} ${printString(r.id)}`).join(", ")}`;
}

function sharedClause(out: Layout, c: A.ComplianceClause | A.RuleClause): void {
  switch (c.kind) {
    case "Description":
      return out.node(`description ${printString(c.text)}`, c.span);
    case "Remediation":
      return out.node(`remediation ${printString(c.text)}`, c.span);
    case "Platform":
      return out.node(`platform ${c.platforms.map((p) => p.name).join(", ")}`, c.span);
    case "Enforcement":
      return out.node(`enforcement ${c.level.name}`, c.span);
    case "Severity":
      return out.node(`severity ${c.level.name}`, c.span);
    case "OnUnknown":
      return out.node(`on unknown ${c.outcome.name}`, c.span);
    case "When":
      return condition(out, "when", c.condition, c.span);
    case "Require":
      return condition(out, "require", c.condition, c.span);
    case "Controls":
      return out.node(controls(c), c.span);
    case "Rule":
      return block(out, "rule", c, c.clauses, (rc) => sharedClause(out, rc));
    case "Assign":
      return out.node(assignText(c), c.span);
    case "Schedule":
      return block(
        out,
        "on",
        { name: { kind: "Ident", name: "noncompliant", span: c.span }, span: c.span },
        c.steps,
        (s) =>
          out.node(
            `after ${s.after.text} ${s.action.map((a) => a.name).join(" ")}` +
              (s.args.length === 0 ? "" : ` [${s.args.map(printString).join(", ")}]`),
            s.span,
          ),
      );
  }
}

function assignText(c: A.AssignClause): string {
  const t = c.target;
  const target =
    t.kind === "Everyone"
      ? `all ${t.everyone.name}`
      : `${t.selector.name} ${printString(t.id)}${t.name === undefined ? "" : ` ${printString(t.name)}`}`;
  return `assign ${c.mode} ${target}${c.filter === undefined ? "" : ` filter ${c.filter.mode} ${c.filter.name.name}`}`;
}

function printSessionSetting(s: A.SessionSetting): string {
  if (s.value === undefined) return s.name.name;
  return `${s.name.name} ${s.value.kind === "Ident" ? s.value.name : printLiteral(s.value)}`;
}

function complianceClause(out: Layout, c: A.ComplianceClause, index: number): void {
  if ((c.kind === "Rule" || c.kind === "Schedule") && index > 0) out.blank();
  sharedClause(out, c);
}

function accessClause(out: Layout, c: A.AccessClause): void {
  switch (c.kind) {
    case "State":
      return out.node(`state ${c.state.name}`, c.span);
    case "Condition": {
      const value = (v: A.StringLit | A.Ident) => (v.kind === "String" ? printString(v) : v.name);
      const items = (xs: A.SelectorItem[]) =>
        xs
          .map((x) =>
            x.values.length === 0 ? x.selector.name : `${x.selector.name} ${x.values.map(value).join(", ")}`,
          )
          .join(", ");
      const include = c.include.length > 0 ? ` include ${items(c.include)}` : "";
      const exclude = c.exclude.length > 0 ? ` exclude ${items(c.exclude)}` : "";
      return out.node(`${c.condition.name}${include}${exclude}`, c.span);
    }
    case "DeviceFilter":
      if (c.filter.kind === "EntraFilter")
        return out.node(`devices ${c.mode} rule ${printString(c.filter.rule)}`, c.span);
      return condition(out, `devices ${c.mode} where`, c.filter.condition, c.span);
    case "Grant": {
      const item = (g: A.ControlItem) => [g.name.name, ...g.values.map(printString)].join(" ");
      const single = c.controls.length === 1 && c.operator === "all";
      return out.node(
        single ? `grant ${item(c.controls[0]!)}` : `grant ${c.operator}(${c.controls.map(item).join(", ")})`,
        c.span,
      );
    }
    case "Session":
      return out.node(`session ${c.settings.map(printSessionSetting).join(", ")}`, c.span);
    case "Controls":
      return out.node(controls(c), c.span);
    case "Description":
      return out.node(`description ${printString(c.text)}`, c.span);
    case "Unsupported":
      return out.node(`unsupported ${printString(c.text)}`, c.span);
  }
}

function waiverClause(out: Layout, c: A.WaiverClause): void {
  switch (c.kind) {
    case "WaiverRules":
      return out.node(
        `rules ${c.rules.map((r) => `${r.policy.name}.${r.rule === undefined ? "*" : r.rule.name}`).join(", ")}`,
        c.span,
      );
    case "WaiverProperties":
      return out.node(`properties ${c.properties.map((p) => p.name).join(", ")}`, c.span);
    case "WaiverScope":
      return condition(out, "scope", c.condition, c.span);
    case "WaiverDevices":
      return out.node(`devices ${c.ids.map(printString).join(", ")}`, c.span);
    case "WaiverText":
      return out.node(`${c.field} ${printString(c.text)}`, c.span);
    case "WaiverExpires":
      return out.node(`expires ${printLiteral(c.at)}`, c.span);
  }
}

function propertyClause(out: Layout, c: A.PropertyClause): void {
  switch (c.kind) {
    case "Assume":
      return condition(out, "assume", c.condition, c.span);
    case "Expect":
      return out.node(`expect ${c.words.map((w) => w.name).join(" ")}`, c.span);
    case "Runs":
      return out.node(`runs ${c.count.text}`, c.span);
  }
}
