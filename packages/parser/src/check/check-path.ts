import type { PathExpr } from "../ast/nodes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { joinSpans } from "../source/span.js";
import { closest } from "../text/closest.js";
import { ERROR, type ExprContext } from "./expr-context.js";
import type { FactType } from "./fact-type.js";

/**
 * Resolves a path: a quantifier variable, a `let` name, or a fact root followed by
 * property names that must exist in the facts schema (a typo is an error with a guess).
 */
export function checkPath(ctx: ExprContext, path: PathExpr): FactType {
  const [root, ...rest] = path.segments;
  if (root === undefined || path.recovered === true || root.recovered === true) return ERROR;
  let type: FactType;
  const variable = ctx.vars.get(root.name);
  const let_ = ctx.lets.get(root.name);
  const fact = ctx.roots.get(root.name);
  if (variable !== undefined) type = variable;
  else if (let_ !== undefined) {
    ctx.letTargets.set(path, let_);
    type = ctx.letType(let_);
  } else if (fact !== undefined) type = fact;
  else {
    const names = [...ctx.vars.keys(), ...ctx.lets.keys(), ...ctx.roots.keys()];
    const guess = closest(root.name, names);
    const roots = [...ctx.roots.keys()].map((r) => `\`${r}\``).join(" or ");
    // A bare word reads as a `let` reference; a dotted path as a fact with a misspelt root.
    const help =
      guess !== undefined
        ? `did you mean \`${guess}\`?`
        : rest.length === 0
          ? `define it with \`let ${root.name} = ...\` or import the file that does`
          : `facts start with ${roots}`;
    ctx.report(makeDiagnostic(rest.length === 0 ? "CP2013" : "CP2002", root.span, { name: root.name, help }));
    return ERROR;
  }
  for (let i = 0; i < rest.length; i++) {
    const segment = rest[i]!;
    if (type.kind === "error") return ERROR;
    const shown = path.segments
      .slice(0, i + 2)
      .map((s) => s.name)
      .join(".");
    if (type.kind === "list") {
      const help = `\`${path.segments
        .slice(0, i + 1)
        .map((s) => s.name)
        .join(".")}\` is a list: use \`any x in ... where x.${segment.name} ...\``;
      ctx.report(makeDiagnostic("CP2001", joinSpans(root.span, segment.span), { path: shown, help }));
      return ERROR;
    }
    if (type.kind !== "object") {
      ctx.report(
        makeDiagnostic("CP2001", joinSpans(root.span, segment.span), {
          path: shown,
          help: `\`${path.segments
            .slice(0, i + 1)
            .map((s) => s.name)
            .join(".")}\` is a ${type.kind}, not an object`,
        }),
      );
      return ERROR;
    }
    // Own properties only: `device.constructor` or `device.__proto__` is an unknown fact, not Object.prototype's.
    const next = ownProperty(type.properties, segment.name) ?? ownProperty(type.properties, "*");
    if (next === undefined) {
      const guess = closest(segment.name, Object.keys(type.properties));
      const help =
        guess !== undefined
          ? `did you mean \`${guess}\`?`
          : "the facts schema does not declare it; run `tenet schema` to list the facts";
      ctx.report(makeDiagnostic("CP2001", joinSpans(root.span, segment.span), { path: shown, help }));
      return ERROR;
    }
    type = next;
  }
  return type;
}

function ownProperty<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
