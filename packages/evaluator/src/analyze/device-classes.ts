// Device classes: the atoms of every Entra device filter -> one representative device per satisfiable assignment.
import type { CheckedAccess, EntraFilterExpr } from "@tenet/parser";
import { evaluateEntraFilter } from "../access/entra-filter-eval.js";

type Compare = Extract<EntraFilterExpr, { kind: "compare" }>;

/** A device in the partition: `null` is an unregistered device. */
export type RepresentativeDevice = Record<string, unknown> | null;

/** The device dimension: representative devices and what the analysis could not decide about filter atoms. */
export interface DeviceSpace {
  devices: RepresentativeDevice[];
  /** Filter atoms seen (each comparison of each Entra rule, deduplicated). */
  atoms: number;
  notDecided: string[];
}

/** Schema enumerations: a real device reports one of these or nothing, so these are all the cases. */
const ENUMS: Record<string, readonly string[]> = {
  trustType: ["AzureAD", "ServerAD", "Workplace"],
  deviceOwnership: ["Company", "Personal"],
};
const BOOLEANS = new Set(["isCompliant", "isManaged"]);
const COLLECTIONS = new Set(["systemLabels", "physicalIds"]);
/** Control-relevant properties every partition splits on, whether or not a filter mentions them. */
const ALWAYS = ["isCompliant", "trustType"];
/** Beyond this many atoms on one property the assignments are sampled from literals and reported not decided. */
const MAX_ATOMS_PER_PROPERTY = 12;
/** Beyond this many combined devices the product is cut and reported not decided. */
const MAX_DEVICES = 20_000;
const MISSING_VALUE = undefined;

function compares(expr: EntraFilterExpr, out: Compare[]): void {
  if (expr.kind === "compare") out.push(expr);
  else if (expr.kind === "not") compares(expr.operand, out);
  else {
    compares(expr.left, out);
    compares(expr.right, out);
  }
}

/** Whether one atom holds for a device carrying only `value` on the atom's property. */
function atomHolds(atom: Compare, value: unknown): boolean {
  // A managed device: extension attributes read as null otherwise, which the combined device decides later.
  return evaluateEntraFilter(
    atom,
    value === MISSING_VALUE ? { isManaged: true } : { isManaged: true, [atom.property]: value },
  );
}

const literalStrings = (atoms: readonly Compare[]): string[] => [
  ...new Set(atoms.flatMap((a) => (Array.isArray(a.value) ? a.value : a.value === null ? [] : [String(a.value)]))),
];

/**
 * A string satisfying exactly the wanted truth of every atom, or undefined when none exists.
 * Exact for Entra's string operators: an equality pins the value to a literal (checked
 * directly); otherwise the longest required prefix, the required substrings and the longest
 * required suffix joined by a character no literal holds can only violate a negated atom whose
 * literal lies inside one of those pieces, which is a proof that no string works.
 */
function solveString(atoms: readonly Compare[], want: readonly boolean[], literals: readonly string[]): string | null {
  const fits = (v: string | undefined) => atoms.every((a, i) => atomHolds(a, v) === want[i]);
  if (fits(MISSING_VALUE)) return "\u0000missing";
  for (const l of literals) if (fits(l)) return l;
  const positive = (op: string) =>
    atoms.flatMap((a, i) => {
      const holds = want[i]!;
      const negated = a.operator.startsWith("not") || a.operator === "ne";
      const base = negated
        ? a.operator === "ne"
          ? "eq"
          : a.operator.slice(3, 4).toLowerCase() + a.operator.slice(4)
        : a.operator;
      return base === op && holds !== negated && a.value !== null ? [String(a.value).toLowerCase()] : [];
    });
  // A value equal to a literal was tried above; `in` and `eq` that must hold leave no other value.
  if (positive("eq").length > 0 || positive("in").length > 0) return null;
  const longest = (xs: string[], compatible: (a: string, b: string) => boolean): string | null => {
    let best = "";
    for (const x of xs) {
      if (!compatible(best, x) && !compatible(x, best)) return null;
      if (x.length > best.length) best = x;
    }
    return best;
  };
  const prefix = longest(positive("startsWith"), (a, b) => a.startsWith(b));
  const suffix = longest(positive("endsWith"), (a, b) => a.endsWith(b));
  if (prefix === null || suffix === null) return null;
  const all = literals.join("");
  const sep = ["\u00a7", "#", "~", "\u00b6", "|"].find((c) => !all.includes(c)) ?? "\u2063";
  const candidate = [prefix, ...positive("contains"), suffix].join(sep);
  return fits(candidate) ? candidate : null;
}

/** The representative values of one property: one per satisfiable assignment of its atoms. */
function propertyValues(property: string, atoms: readonly Compare[], notDecided: string[]): unknown[] {
  if (BOOLEANS.has(property)) return distinctBy([true, false, MISSING_VALUE], atoms, property);
  if (ENUMS[property] !== undefined) return distinctBy([...ENUMS[property]!, MISSING_VALUE], atoms, property);
  const literals = literalStrings(atoms);
  if (COLLECTIONS.has(property)) {
    const elementwise = atoms.every((a) => ["eq", "ne", "contains", "notContains", "in", "notIn"].includes(a.operator));
    if (!elementwise || literals.length > 8)
      notDecided.push(`device filter atoms on \`${property}\` (a collection) beyond element equality`);
    const subsets: unknown[] = [MISSING_VALUE];
    const take = literals.slice(0, 8);
    for (let mask = 0; mask < 1 << take.length; mask++) {
      const set = take.filter((_, i) => (mask & (1 << i)) !== 0);
      subsets.push(set, [...set, "tenet-other"]);
    }
    return distinctBy(subsets, atoms);
  }
  if (atoms.length > MAX_ATOMS_PER_PROPERTY) {
    notDecided.push(
      `${atoms.length} device filter atoms on \`${property}\`: assignments beyond the literals themselves are not decided`,
    );
    return distinctBy([MISSING_VALUE, "tenet-other", ...literals], atoms);
  }
  const values: unknown[] = [];
  for (let mask = 0; mask < 1 << atoms.length; mask++) {
    const want = atoms.map((_, i) => (mask & (1 << i)) !== 0);
    const v = solveString(atoms, want, literals);
    if (v !== null) values.push(v === "\u0000missing" ? MISSING_VALUE : v);
  }
  return values;
}

/** What a grant control reads of a property: compliance, and hybrid join (`trustType` ServerAD). */
const CONTROL_READS: Record<string, (v: unknown) => boolean> = {
  isCompliant: (v) => v === true,
  trustType: (v) => v === "ServerAD",
  // Extension attributes are reported only for managed devices.
  isManaged: (v) => v === true,
};

/** Keeps one value per distinct assignment of the atoms (and of what a grant control reads of `property`). */
function distinctBy(values: unknown[], atoms: readonly Compare[], property = ""): unknown[] {
  const seen = new Map<string, unknown>();
  const control = CONTROL_READS[property];
  for (const v of values) {
    const key = `${atoms.map((a) => (atomHolds(a, v) ? "1" : "0")).join("")}${control?.(v) === true ? "+" : ""}`;
    if (!seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()];
}

/**
 * Representative devices for every satisfiable assignment of the Entra filter atoms of
 * `policies`, times the control-relevant facts (compliant, hybrid joined), plus the
 * unregistered device. Properties are independent except that extension attributes read as
 * null on unmanaged devices, which the real filter evaluator applies to each combined device.
 */
export function deviceSpace(policies: readonly CheckedAccess[]): DeviceSpace {
  const atoms: Compare[] = [];
  const notDecided: string[] = [];
  for (const p of policies) {
    const f = p.deviceFilter?.filter;
    if (f?.kind === "entra") compares(f.ast, atoms);
    else if (f?.kind === "tenet")
      notDecided.push(
        `the device filter of \`${p.name}\` is a Tenet condition: the analysis evaluates it on representative ` +
          `devices but does not split on its atoms`,
      );
  }
  const unique = new Map(atoms.map((a) => [JSON.stringify([a.property, a.operator, a.value]), a]));
  const byProperty = new Map<string, Compare[]>(ALWAYS.map((p) => [p, []]));
  for (const a of unique.values()) byProperty.set(a.property, [...(byProperty.get(a.property) ?? []), a]);
  if ([...byProperty.keys()].some((p) => p.startsWith("extensionAttribute")) && !byProperty.has("isManaged"))
    byProperty.set("isManaged", []);
  let devices: Record<string, unknown>[] = [{ deviceId: "tenet-analysis-device" }];
  for (const [property, list] of byProperty) {
    const values = propertyValues(property, list, notDecided);
    const next: Record<string, unknown>[] = [];
    for (const d of devices) for (const v of values) next.push(v === MISSING_VALUE ? d : { ...d, [property]: v });
    if (next.length > MAX_DEVICES) {
      notDecided.push(`more than ${MAX_DEVICES} combined device classes: the product was cut at \`${property}\``);
      devices = next.slice(0, MAX_DEVICES);
    } else devices = next;
  }
  return { devices: [null, ...devices], atoms: unique.size, notDecided };
}
