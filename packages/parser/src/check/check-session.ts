import type { SessionClause } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { didYouMean } from "../text/closest.js";
import type { SessionControls } from "./access-model.js";

const SETTINGS = ["signInFrequency", "persistentBrowser", "appEnforcedRestrictions", "continuousAccessEvaluation"];

/** `session signInFrequency 4h, persistentBrowser never, appEnforcedRestrictions, continuousAccessEvaluation strict` */
export function checkSession(clause: SessionClause, report: (d: Diagnostic) => void): SessionControls {
  const out: SessionControls = {};
  for (const s of clause.settings) {
    const name = s.name.name;
    const value = s.value;
    const text =
      value === undefined
        ? undefined
        : value.kind === "Ident"
          ? value.name
          : "text" in value
            ? value.text
            : String("value" in value ? value.value : "");
    const bad = (expected: string) =>
      report(
        makeDiagnostic("CP2023", s.span, {
          value: text ?? "(nothing)",
          what: `value for \`${name}\``,
          help: `expected ${expected}`,
        }),
      );
    switch (name) {
      case "signInFrequency":
        if (value?.kind === "Duration" && value.millis >= 3_600_000) out.signInFrequency = value.millis;
        else if (text === "everyTime") out.signInFrequency = "everyTime";
        else bad("a duration of at least `1h` (e.g. `4h`, `7d`) or `everyTime`");
        break;
      case "persistentBrowser":
        if (text === "always" || text === "never") out.persistentBrowser = text;
        else bad("`always` or `never`");
        break;
      case "appEnforcedRestrictions":
        if (value === undefined) out.appEnforcedRestrictions = true;
        else bad("no value");
        break;
      case "continuousAccessEvaluation":
        if (text === "strict" || text === "disabled") out.continuousAccessEvaluation = text;
        else bad("`strict` or `disabled`");
        break;
      default:
        report(
          makeDiagnostic("CP2049", s.name.span, {
            name,
            help: didYouMean(name, SETTINGS) ?? `session controls are ${SETTINGS.map((x) => `\`${x}\``).join(", ")}`,
          }),
        );
    }
  }
  return out;
}
