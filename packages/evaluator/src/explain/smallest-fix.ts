import type { CheckedPolicySet, CompareOperator, Expr, FactType } from "@tenet/parser";
import type { Fix } from "../model/device-result.js";
import { comparisonType, FLIP, isLiteral, resolveLet, unparen } from "@tenet/parser";
import { renderExpr, renderPlain } from "./render-expr.js";

const NEGATE: Readonly<Record<CompareOperator, CompareOperator>> = {
  "==": "!=",
  "!=": "==",
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};

/** Drops the root name: `device.osVersion` -> `osVersion` (how admins name settings). */
function shortPath(path: string, rootName: string): string {
  return path.startsWith(`${rootName}.`) ? path.slice(rootName.length + 1) : path;
}

/**
 * The smallest change to the subject of one blamed leaf that makes it have the wanted
 * truth, as a sentence ("set `osVersion` to >= 10.0.19045", "enable `isEncrypted`").
 */
export function smallestFix(
  set: Pick<CheckedPolicySet, "types" | "letTargets">,
  rootName: string,
  leaf: { expr: Expr; wanted: boolean; path?: string; actual: unknown; truth: number; reason?: string },
): Fix | undefined {
  const path = leaf.path;
  if (path === undefined) return undefined;
  const p = shortPath(path, rootName);
  const from = leaf.actual;
  if (leaf.truth === 2) return { path, text: `report \`${p}\``, from: undefined };
  if (leaf.truth === 3) return { path, text: `fix \`${p}\`: ${leaf.reason ?? "malformed value"}`, from };
  const e = leaf.expr;
  switch (e.kind) {
    case "Compare": {
      let op = e.operator;
      let other = e.right;
      if (isLiteral(e.left) && !isLiteral(e.right)) {
        op = FLIP[op];
        other = e.left;
      }
      if (!leaf.wanted) op = NEGATE[op];
      const type = comparisonType(set, e.left, e.right);
      return compareFix(path, p, op, resolveLet(set, other), type, from);
    }
    case "Path": {
      const on = leaf.wanted;
      return { path, text: `${on ? "enable" : "disable"} \`${p}\``, from, to: on };
    }
    case "In": {
      const inWanted = e.negated ? !leaf.wanted : leaf.wanted;
      const list = renderPlain(unparen(e.collection));
      return inWanted
        ? { path, text: `set \`${p}\` to one of ${list}`, from }
        : { path, text: `set \`${p}\` to a value other than ${list}`, from };
    }
    case "StringOp": {
      const what = renderExpr(unparen(e.right));
      const verb = { startsWith: "start with", endsWith: "end with", contains: "contain", matches: "match" }[
        e.operator
      ];
      return { path, text: `make \`${p}\` ${leaf.wanted ? "" : "not "}${verb} ${what}`, from };
    }
    case "Time": {
      const within = (e.operator === "within") === leaf.wanted;
      if (within && /lastSyncDateTime$/.test(p)) {
        return { path, text: `check in (\`${p}\` within ${e.duration.text})`, from };
      }
      return within
        ? { path, text: `update \`${p}\` to within ${e.duration.text} of now`, from }
        : { path, text: `\`${p}\` must be older than ${e.duration.text}`, from };
    }
    case "Presence": {
      const present = e.present === leaf.wanted;
      return present ? { path, text: `report \`${p}\``, from: undefined } : { path, text: `remove \`${p}\``, from };
    }
    case "Quantifier":
      return { path, text: `change \`${p}\` so that ${renderExpr(e)}`, from };
    default:
      return undefined;
  }
}

function compareFix(path: string, p: string, op: CompareOperator, other: Expr, type: FactType, from: unknown): Fix {
  const value = renderPlain(other);
  const to: unknown =
    other.kind === "String" || other.kind === "Number" || other.kind === "Boolean" ? other.value : value;
  if (type.kind === "boolean" && other.kind === "Boolean" && (op === "==" || op === "!=")) {
    const on = op === "==" ? other.value : !other.value;
    return { path, text: `${on ? "enable" : "disable"} \`${p}\``, from, to: on };
  }
  if (op === "==") return { path, text: `set \`${p}\` to ${value}`, from, to };
  if (op === "!=") return { path, text: `change \`${p}\` from ${value}`, from };
  if (type.kind === "enum" && type.ordered) {
    const phrase = { "<=": "or lower", "<": "lower", ">=": "or higher", ">": "higher" }[op];
    const text =
      op === "<" || op === ">" ? `set \`${p}\` to ${phrase} than ${value}` : `set \`${p}\` to ${value} ${phrase}`;
    return op === "<=" || op === ">=" ? { path, text, from, to } : { path, text, from };
  }
  const text = `set \`${p}\` to ${op} ${value}`;
  return op === "<=" || op === ">=" ? { path, text, from, to } : { path, text, from };
}
