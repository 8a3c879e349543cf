import type { PropertyDecl } from "../ast/nodes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import { checkCondition } from "./check-expr.js";
import type { ExprContext } from "./expr-context.js";
import { GRANT_CONTROL_NAMES } from "./access-vocabulary.js";

/** `; did you mean ...?` after an unknown control name, or nothing when no name is close. */
const suggestion = (name: string): string => {
  const closest = didYouMean(name, GRANT_CONTROL_NAMES);
  return closest === undefined ? "" : `; ${closest}`;
};

/** Checks a `property`: its `assume` condition, and that `expect` is a claim Tenet can verify about known policies. */
export function checkProperty(decl: PropertyDecl, policies: readonly string[], ctx: ExprContext): void {
  const name = decl.name.name;
  const invalid = (span: PropertyDecl["span"], reason: string) =>
    ctx.report(makeDiagnostic("CP2061", span, { name, reason }));
  let expects = 0;
  for (const clause of decl.clauses) {
    if (clause.kind === "Assume") checkCondition(ctx, clause.condition, "`assume`");
    else if (clause.kind === "Runs") {
      if (!Number.isInteger(clause.count.value) || clause.count.value < 1 || clause.count.value > 1_000_000)
        invalid(clause.span, "`runs` must be a whole number from 1 to 1000000");
    } else {
      expects++;
      const words = clause.words.map((w) => w.name);
      const [a, b] = words;
      if (words.length === 3 && (b === "stricterThan" || b === "equivalent")) {
        for (const ref of [clause.words[0]!, clause.words[2]!]) {
          if (!policies.includes(ref.name))
            ctx.report(
              makeDiagnostic("CP2060", ref.span, {
                name: ref.name,
                help: didYouMean(ref.name, policies) ?? "name a `compliance` or `access` policy",
              }),
            );
        }
      } else if (words.length === 2 && (a === "never" || a === "always") && b === "blocked") {
        // verified over generated sign-ins
      } else if (words.length === 2 && a === "requires") {
        if (!(GRANT_CONTROL_NAMES as readonly string[]).includes(b!))
          invalid(clause.words[1]!.span, `unknown control \`${b}\`${suggestion(b!)}`);
      } else if (words.length === 2 && a === "no" && b === "waivedHardFailures") {
        // verified over generated devices
      } else {
        invalid(
          clause.span,
          `cannot read \`expect ${words.join(" ")}\`; claims are \`A stricterThan B\`, \`A equivalent B\`, ` +
            "`never blocked`, `always blocked`, `requires CONTROL`, `no waivedHardFailures`",
        );
      }
    }
  }
  if (expects !== 1 && decl.recovered !== true)
    invalid(decl.name.span, expects === 0 ? "it has no `expect` clause" : "it has more than one `expect` clause");
}
