// explain: a failed rule's explanation, reused for snapshots whose fields it reads hold the same values.
import type { CheckedRule } from "@tenet/parser";
import type { RuleExplanation } from "../model/device-result.js";
import { getOwn, MISSING } from "../values/fact-lookup.js";
import { explainRule, type ExplainInput } from "./explain-rule.js";
import { remediationParts } from "./remediation.js";
import { pathNodes } from "../compile/path-nodes.js";

/** Explanations remembered per rule before the rule's hit rate is judged (and the map is emptied). */
const MAX_ENTRIES = 64;
/** Longest key kept (characters): larger field values are explained every time. */
const MAX_KEY = 4096;
/** Widest list or object, and deepest nesting, a key describes. */
const MAX_WIDTH = 32;
const MAX_DEPTH = 3;

type Explainable = Pick<CheckedRule, "require" | "when" | "remediation" | "remediationLiteralBraces">;

interface RuleEntries {
  fields: readonly string[];
  byKey: Map<string, RuleExplanation>;
  hits: number;
  misses: number;
  /** Set when the rule's field values rarely repeat: keys then cost more than they save. */
  off: boolean;
}

/**
 * Explanations of failed rules, remembered for one prepared evaluation (one instant, one
 * version padding). Why: an explanation re-walks the rule with the reference interpreter and
 * costs several times the evaluation itself, while a fleet fails a rule the same way on many
 * devices (the same OS version, the same threat level).
 *
 * Exact, not approximate: `explainRule` reads the snapshot only under the top-level fields its
 * rule names (through its `when`, `require`, the `let`s they use, its remediation placeholders,
 * and `lastSyncDateTime` for a rule on `reported`), and is otherwise a function of the set and
 * the settings. The key is those fields' values written out in full (strings, numbers, nesting,
 * key order), so two snapshots with one key get the same explanation. Values a key cannot
 * describe exactly (deep or wide ones, objects with a prototype of their own, functions) are
 * explained every time. Each result gets its own copy.
 */
export class ExplanationCache {
  private readonly rules = new Map<Explainable, RuleEntries | undefined>();

  explain(input: ExplainInput, rule: Explainable): RuleExplanation {
    let entries = this.rules.get(rule);
    if (entries === undefined && !this.rules.has(rule)) {
      const fields = fieldsOf(input, rule);
      entries = fields === undefined ? undefined : { fields, byKey: new Map(), hits: 0, misses: 0, off: false };
      this.rules.set(rule, entries);
    }
    if (entries === undefined || entries.off) return explainRule(input, rule);
    const key = keyOf(input.root, entries.fields);
    if (key === undefined) return explainRule(input, rule);
    const known = entries.byKey.get(key);
    if (known !== undefined) {
      entries.hits++;
      return copyData(known);
    }
    entries.misses++;
    const fresh = explainRule(input, rule);
    if (entries.byKey.size >= MAX_ENTRIES) {
      entries.byKey.clear();
      if (entries.hits < entries.misses) entries.off = true;
    }
    if (!entries.off) entries.byKey.set(key, copyData(fresh));
    return fresh;
  }
}

/** The fields each rule's explanation reads, by checked rule and root name (undefined: the whole snapshot or unknown). */
const fieldCache = new WeakMap<object, { rootName: string; fields: readonly string[] | undefined }>();

function fieldsOf(input: ExplainInput, rule: Explainable): readonly string[] | undefined {
  const known = fieldCache.get(rule);
  if (known !== undefined && known.rootName === input.rootName) return known.fields;
  const fields = collectFields(input, rule);
  fieldCache.set(rule, { rootName: input.rootName, fields });
  return fields;
}

/**
 * The top-level snapshot fields explaining `rule` can read, sorted; undefined when a path names
 * the whole snapshot. Every Path node of the rule's conditions is visited, following `let`s:
 * naming more fields than are read only makes keys longer, never wrong.
 */
function collectFields(input: ExplainInput, rule: Explainable): readonly string[] | undefined {
  const root = input.rootName;
  const fields = new Set<string>();
  const stack: unknown[] = [rule.require, rule.when];
  for (const { node, names } of pathNodes(stack)) {
    const target = input.set.letTargets.get(node);
    if (target !== undefined) stack.push(target.value);
    if (names[0] === root) {
      if (names.length < 2 || typeof names[1] !== "string") return undefined;
      fields.add(names[1]);
    }
  }
  if (rule.remediation !== undefined) {
    for (const part of remediationParts(rule.remediation, root, rule.remediationLiteralBraces)) {
      if (typeof part === "string") continue;
      if (part.length === 0) return undefined;
      fields.add(part[0] as string);
    }
  }
  // A rule on Intune's reported states is explained with the device's last check-in.
  if (fields.has("reported")) fields.add("lastSyncDateTime");
  return [...fields].sort();
}

/** The fields' values written out exactly, or undefined when one cannot be (see `ExplanationCache`). */
function keyOf(root: unknown, fields: readonly string[]): string | undefined {
  let key = "";
  for (const field of fields) {
    const part = written(getOwn(root, field), 0);
    if (part === undefined) return undefined;
    key += `${part};`;
    if (key.length > MAX_KEY) return undefined;
  }
  return key;
}

function written(v: unknown, depth: number): string | undefined {
  if (v === MISSING) return "~";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Object.is(v, -0) ? "#-0" : `#${v}`;
    case "boolean":
      return v ? "T" : "F";
    case "undefined":
      return "u";
    case "object": {
      if (v === null) return "z";
      if (depth >= MAX_DEPTH) return undefined;
      let out: string;
      if (Array.isArray(v)) {
        if (v.length > MAX_WIDTH) return undefined;
        out = "[";
        for (let i = 0; i < v.length; i++) {
          if (!(i in v)) return undefined;
          const item = written(v[i], depth + 1);
          if (item === undefined) return undefined;
          out += `${item},`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return undefined;
      const keys = Object.keys(v);
      if (keys.length > MAX_WIDTH) return undefined;
      out = "{";
      for (const k of keys) {
        const item = written((v as Record<string, unknown>)[k], depth + 1);
        if (item === undefined) return undefined;
        out += `${JSON.stringify(k)}:${item},`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** A deep copy of plain data (an explanation holds nothing else), keeping a `__proto__` key as data. */
function copyData<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(copyData) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const value = copyData((v as Record<string, unknown>)[k]);
    if (k === "__proto__")
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out as T;
}
