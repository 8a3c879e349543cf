import type { CstNode } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { nodeOf, nodesOf, nodeSpan, tokenOf, tokensOf, type Convert } from "./cst-read.js";
import { exprOf } from "./cst-expr.js";
import { identOf, literalOf, stringOf } from "./literals.js";
import { controlRefs, identOr, sharedClauseOf, stringOr } from "./cst-clauses.js";

export function accessClauseOf(c: Convert, node: CstNode): A.AccessClause | undefined {
  const span = nodeSpan(c, node);
  switch (node.name) {
    case "state":
      return { kind: "State", state: identOr(c, tokenOf(node, "value"), span), span };
    case "condition": {
      const include = nodeOf(node, "include");
      const exclude = nodeOf(node, "exclude");
      return {
        kind: "Condition",
        condition: identOr(c, tokenOf(node, "keyword"), span),
        include: include === undefined ? [] : itemsOf(c, include),
        exclude: exclude === undefined ? [] : itemsOf(c, exclude),
        span,
      };
    }
    case "deviceFilter": {
      const rule = tokenOf(node, "rule");
      const filter: A.DeviceFilterClause["filter"] =
        rule !== undefined
          ? { kind: "EntraFilter", rule: stringOf(c, rule) }
          : { kind: "TenetFilter", condition: exprOf(c, nodeOf(node, "condition"), span) };
      return {
        kind: "DeviceFilter",
        mode: tokenOf(node, "mode")?.image === "exclude" ? "exclude" : "include",
        filter,
        span,
      };
    }
    case "grant": {
      const operator = tokenOf(node, "operator");
      return {
        kind: "Grant",
        operator: operator?.image === "any" ? "any" : "all",
        controls: nodesOf(node, "grantControl").map((g) => {
          const gSpan = nodeSpan(c, g);
          return {
            kind: "ControlItem",
            name: identOr(c, tokenOf(g, "name"), gSpan),
            values: tokensOf(g, "value").map((t) => stringOf(c, t)),
            span: gSpan,
          };
        }),
        span,
      };
    }
    case "session":
      return {
        kind: "Session",
        settings: nodesOf(node, "sessionSetting").map((s) => {
          const sSpan = nodeSpan(c, s);
          const word = tokenOf(s, "word");
          const literal = nodeOf(s, "value");
          const token = literal === undefined ? undefined : tokenOf(literal, "token");
          const value = word !== undefined ? identOf(c, word) : token !== undefined ? literalOf(c, token) : undefined;
          return {
            kind: "SessionSetting",
            name: identOr(c, tokenOf(s, "name"), sSpan),
            ...(value === undefined ? {} : { value }),
            span: sSpan,
          };
        }),
        span,
      };
    case "controls":
      return { kind: "Controls", controls: controlRefs(c, node), span };
    case "description":
      return sharedClauseOf(c, node) as A.DescriptionClause;
    case "unsupported":
      return { kind: "Unsupported", text: stringOr(c, tokenOf(node, "text"), span), span };
    default:
      return undefined;
  }
}

function itemsOf(c: Convert, node: CstNode): A.SelectorItem[] {
  return nodesOf(node, "item").map((item) => {
    const span = nodeSpan(c, item);
    return {
      kind: "Selector",
      selector: identOr(c, tokenOf(item, "selector"), span),
      values: tokensOf(item, "value").map((t) => stringOf(c, t)),
      span,
    };
  });
}
