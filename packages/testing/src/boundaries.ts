import { resolveLet, type CheckedPolicySet, type Expr, type LetDecl } from "@tenet/parser";

/** The literal values a policy set compares one fact path with: the edges worth testing. */
export interface PathBoundaries {
  strings: Set<string>;
  numbers: Set<number>;
  booleans: Set<boolean>;
  /** Durations (ms) used with `within` / `older than` on this path. */
  durations: Set<number>;
  /** Dates (`YYYY-MM-DD`) and instants (epoch ms) compared with this path. */
  dates: Set<string>;
  instants: Set<number>;
}

/** Fact paths (dotted, without the root name) mapped to the literals the policies compare them with. */
export type Boundaries = Map<string, PathBoundaries>;

function emptyBoundaries(): PathBoundaries {
  return {
    strings: new Set(),
    numbers: new Set(),
    booleans: new Set(),
    durations: new Set(),
    dates: new Set(),
    instants: new Set(),
  };
}

/**
 * Collect, for every fact path under `rootName` (`device` or `signIn`), the literals that the
 * policy set compares it with, following `let` names to their definitions.
 */
export function collectBoundaries(set: CheckedPolicySet, rootName = "device"): Boundaries {
  const out: Boundaries = new Map();
  const at = (path: string): PathBoundaries => {
    let b = out.get(path);
    if (b === undefined) {
      b = emptyBoundaries();
      out.set(path, b);
    }
    return b;
  };
  // Quantifier variables in scope, mapped to their collection's path: `app.displayName` inside
  // `any app in device.detectedApps` is `detectedApps.displayName`, the path list elements are generated at.
  const scope = new Map<string, string>();
  const factPath = (e: Expr): string | undefined => {
    const inner = resolveLet(set, e);
    if (inner.kind !== "Path") return undefined;
    const [root, ...rest] = inner.segments;
    if (root === undefined) return undefined;
    const names = rest.map((s) => s.name);
    const bound = scope.get(root.name);
    if (bound !== undefined) return [bound, ...names].join(".");
    if (root.name !== rootName || rest.length === 0) return undefined;
    return names.join(".");
  };
  const addLiteral = (path: string, e: Expr): void => {
    const lit = resolveLet(set, e);
    const b = at(path);
    switch (lit.kind) {
      case "String":
        b.strings.add(lit.value);
        break;
      case "Number":
        b.numbers.add(lit.value);
        break;
      case "Boolean":
        b.booleans.add(lit.value);
        break;
      case "Date":
        b.dates.add(lit.value);
        break;
      case "Timestamp":
        b.instants.add(lit.millis);
        break;
      case "Duration":
        b.durations.add(lit.millis);
        break;
      case "List":
        for (const el of lit.elements) addLiteral(path, el);
        break;
      default:
        break;
    }
  };
  const visit = (e: Expr, seen: Set<LetDecl>): void => {
    switch (e.kind) {
      case "Binary":
        visit(e.left, seen);
        visit(e.right, seen);
        return;
      case "Not":
        visit(e.operand, seen);
        return;
      case "Paren":
        visit(e.inner, seen);
        return;
      case "Compare":
      case "StringOp": {
        const l = factPath(e.left);
        const r = factPath(e.right);
        if (l !== undefined) addLiteral(l, e.right);
        if (r !== undefined) addLiteral(r, e.left);
        if (e.kind === "StringOp" && l !== undefined) {
          const lit = resolveLet(set, e.right);
          if (lit.kind === "String") {
            // Values just inside and just outside a prefix/suffix/substring test.
            const b = at(l);
            b.strings.add(`${lit.value}x`);
            b.strings.add(`x${lit.value}`);
            if (lit.value.length > 1) b.strings.add(lit.value.slice(0, -1));
          }
        }
        visit(e.left, seen);
        visit(e.right, seen);
        return;
      }
      case "In": {
        // `fact in [literals]` and `"literal" in fact-list` both name values worth generating.
        const p = factPath(e.element);
        if (p !== undefined) addLiteral(p, e.collection);
        const q = factPath(e.collection);
        if (q !== undefined) addLiteral(q, e.element);
        visit(e.element, seen);
        visit(e.collection, seen);
        return;
      }
      case "Time": {
        const p = factPath(e.subject);
        if (p !== undefined) at(p).durations.add(e.duration.millis);
        return;
      }
      case "Presence": {
        const p = factPath(e.subject);
        if (p !== undefined) at(p);
        return;
      }
      case "Quantifier": {
        visit(e.collection, seen);
        const collection = factPath(e.collection);
        const shadowed = scope.get(e.variable.name);
        if (collection !== undefined) scope.set(e.variable.name, collection);
        else scope.delete(e.variable.name);
        visit(e.body, seen);
        if (shadowed === undefined) scope.delete(e.variable.name);
        else scope.set(e.variable.name, shadowed);
        return;
      }
      case "Path": {
        const p = factPath(e);
        if (p !== undefined) at(p);
        const target = set.letTargets.get(e);
        if (target !== undefined && !seen.has(target)) {
          seen.add(target);
          visit(target.value, seen);
        }
        return;
      }
      default:
        return;
    }
  };
  // A policy only applies to devices of its platforms: generate their `operatingSystem` spellings.
  const OS: Record<string, string[]> = {
    windows: ["Windows"],
    macOS: ["macOS"],
    iOS: ["iOS", "iPadOS"],
    linux: ["Linux"],
  };
  for (const policy of set.compliance) {
    if (rootName === "device")
      for (const p of policy.platforms) for (const os of OS[p] ?? ["Android"]) at("operatingSystem").strings.add(os);
    if (policy.when !== undefined) visit(policy.when, new Set());
    for (const rule of policy.rules) {
      visit(rule.require, new Set());
      if (rule.when !== undefined) visit(rule.when, new Set());
    }
  }
  for (const waiver of set.waivers) if (waiver.scope !== undefined) visit(waiver.scope, new Set());
  for (const access of set.access) {
    if (access.deviceFilter?.filter.kind === "tenet") visit(access.deviceFilter.filter.condition, new Set());
  }
  // A property's `assume` must be met by generated cases, so its literals are boundaries too.
  for (const file of set.files) {
    for (const decl of file.declarations) {
      if (decl.kind !== "Property") continue;
      for (const clause of decl.clauses) if (clause.kind === "Assume") visit(clause.condition, new Set());
    }
  }
  return out;
}

/** Strip parentheses and resolve a `let` name to its definition. */
/** Union of several boundary maps (e.g. the old and the new version of a policy). */
export function mergeBoundaries(all: Boundaries[]): Boundaries {
  const out: Boundaries = new Map();
  for (const b of all) {
    for (const [path, pb] of b) {
      const into = out.get(path) ?? emptyBoundaries();
      for (const key of ["strings", "numbers", "booleans", "durations", "dates", "instants"] as const) {
        for (const v of pb[key] as Set<never>) (into[key] as Set<never>).add(v);
      }
      out.set(path, into);
    }
  }
  return out;
}
