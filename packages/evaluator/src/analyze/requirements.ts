// requirementsOf: the policy set's sign-in `property` blocks (or Tenet's defaults) -> what every class must meet.
import { GRANT_CONTROL_NAMES, type Expr, type PropertyDecl, type Span } from "@tenet/parser";
import { compileCondition } from "../compile/compile.js";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { ControlName } from "../model/access-decision.js";
import type { Distinctions, ScopeAtom } from "./explore-classes.js";
import type { SpaceHints } from "./sign-in-space.js";

/** What a requirement claims of every sign-in in its scope. */
export type Claim = { kind: "requires"; control: ControlName } | { kind: "neverBlocked" } | { kind: "alwaysBlocked" };

/** One requirement: a claim over the sign-ins its scope (a property's `assume`) admits. */
export interface Requirement {
  name: string;
  title?: string;
  /** `property`: declared in the policy set; `default`: Tenet's default when the set declares none. */
  source: "property" | "default";
  claim: Claim;
  /** True, false or unknown (Kleene) for a sign-in; undefined = every sign-in. */
  scope?: (signIn: unknown) => boolean | undefined;
  span?: Span;
  /** Why the analysis cannot decide this requirement exactly (a scope over facts the partition does not split on). */
  notDecided: string[];
}

/** The claim of `expect` words, or undefined when the property is not about sign-ins. */
export function claimOfWords(words: readonly string[]): Claim | undefined {
  const [a, b] = words;
  if (words.length !== 2) return undefined;
  if (a === "never" && b === "blocked") return { kind: "neverBlocked" };
  if (a === "always" && b === "blocked") return { kind: "alwaysBlocked" };
  if (a === "requires" && (GRANT_CONTROL_NAMES as readonly string[]).includes(b!))
    return { kind: "requires", control: b as ControlName };
  return undefined;
}

/** Where a requirement's scope reads the sign-in, as hints and distinctions for the partition. */
export interface ScopeReach {
  hints: SpaceHints;
  distinctions: Distinctions;
}

export function emptyReach(): ScopeReach {
  return {
    hints: {
      users: [],
      groups: [],
      roles: [],
      apps: [],
      suites: [],
      actions: [],
      contexts: [],
      namedLocations: [],
      countries: [],
      authenticationFlow: false,
    },
    distinctions: {
      dimensions: new Set(),
      scopeAtoms: new Map(),
      groups: new Set(),
      roles: new Set(),
      users: new Set(),
      guestKind: false,
    },
  };
}

function walk(e: Expr, paths: string[][], strings: string[]): void {
  switch (e.kind) {
    case "Path":
      paths.push(e.segments.map((s) => s.name));
      return;
    case "String":
      strings.push(e.value);
      return;
    case "Binary":
    case "Compare":
    case "StringOp":
      walk(e.left, paths, strings);
      walk(e.right, paths, strings);
      return;
    case "Not":
      walk(e.operand, paths, strings);
      return;
    case "In":
      walk(e.element, paths, strings);
      walk(e.collection, paths, strings);
      return;
    case "Presence":
      walk(e.subject, paths, strings);
      return;
    case "Paren":
      walk(e.inner, paths, strings);
      return;
    case "List":
      for (const x of e.elements) walk(x, paths, strings);
      return;
    case "Quantifier":
      walk(e.collection, paths, strings);
      walk(e.body, paths, strings);
      return;
    case "Time":
      walk(e.subject, paths, strings);
      return;
    default:
      return;
  }
}

/**
 * Adds what a scope expression reads to `reach` and returns the parts the partition cannot
 * decide: facts it does not split on (device properties no filter names, satisfied controls).
 */
function reachOf(expr: Expr, reach: ScopeReach, set: CompiledPolicySet["set"]): string[] {
  scopeAtomsOf(expr, reach, set);
  const atoms: Expr[] = [];
  atomsOf(expr, atoms);
  // Literals count as ids only for the atom that compares them with the path (`"g" in signIn.groups`).
  return atoms.flatMap((atom) => atomReach(atom, reach));
}

function atomReach(atom: Expr, reach: ScopeReach): string[] {
  const paths: string[][] = [];
  const strings: string[] = [];
  walk(atom, paths, strings);
  const h = reach.hints;
  const notDecided: string[] = [];
  for (const path of paths) {
    const [root, a, b] = path;
    if (root !== "signIn") continue;
    const at = `${a ?? ""}${b === undefined ? "" : `.${b}`}`;
    if (a === "groups") {
      h.groups.push(...strings);
      for (const s of strings) (reach.distinctions.groups as Set<string>).add(s);
    } else if (a === "roles") {
      h.roles.push(...strings);
      for (const s of strings) (reach.distinctions.roles as Set<string>).add(s);
    } else if (at === "user.id") {
      h.users.push(...strings);
      for (const s of strings) (reach.distinctions.users as Set<string>).add(s);
    } else if (at === "user.userType" || at === "user.guestType") reach.distinctions.guestKind = true;
    else if (a === "application") {
      if (b === "id") h.apps.push(...strings);
      else if (b === "suites") h.suites.push(...strings);
      else if (b === "userAction")
        h.actions.push(...strings.filter((s) => s === "registerSecurityInfo" || s === "registerDevice"));
      else if (b === "authenticationContexts") h.contexts.push(...strings);
    } else if (a === "clientAppType" || a === "platform" || a === "signInRisk" || a === "userRisk") continue;
    else if (a === "authenticationFlow") h.authenticationFlow = true;
    else if (a === "location") {
      if (b === "namedLocationIds") h.namedLocations.push(...strings);
      else if (b === "countryCode") h.countries.push(...strings.map((s) => s.toUpperCase()));
    } else if (a === "device") {
      if (b !== "isCompliant" && b !== "trustType")
        notDecided.push(
          `the scope reads \`signIn.device.${b}\`, which the partition splits only where device filters do`,
        );
    } else notDecided.push(`the scope reads \`signIn.${at}\`, which the partition does not split on`);
  }
  return notDecided;
}

/** The choice dimension a sign-in path belongs to; `user` for the user's id, kind, groups and roles. */
function dimensionOf(path: readonly string[]): string {
  const a = path[1] ?? "";
  const dims: Record<string, string> = {
    application: "application",
    clientAppType: "clientApp",
    platform: "platform",
    location: "location",
    signInRisk: "signInRisk",
    userRisk: "userRisk",
    authenticationFlow: "authenticationFlow",
    device: "device",
    groups: "user",
    roles: "user",
    user: "user",
  };
  return dims[a] ?? "other";
}

function atomsOf(e: Expr, out: Expr[]): void {
  if (e.kind === "Binary") {
    atomsOf(e.left, out);
    atomsOf(e.right, out);
  } else if (e.kind === "Not") atomsOf(e.operand, out);
  else if (e.kind === "Paren") atomsOf(e.inner, out);
  else out.push(e);
}

/**
 * Splits a scope into its atoms (the comparisons under and/or/not). An atom that reads one
 * choice dimension only is decided by that dimension's value, so values are told apart by the
 * atom's truth rather than kept apart one by one; an atom reading several keeps each apart.
 * Atoms on the user are decided by the group, role and kind variables the hints add.
 */
function scopeAtomsOf(expr: Expr, reach: ScopeReach, set: CompiledPolicySet["set"]): void {
  const atoms: Expr[] = [];
  atomsOf(expr, atoms);
  const byDim = reach.distinctions.scopeAtoms as Map<string, ScopeAtom[]>;
  for (const atom of atoms) {
    const paths: string[][] = [];
    walk(atom, paths, []);
    const dims = new Set(paths.filter((p) => p[0] === "signIn").map(dimensionOf));
    dims.delete("user");
    if (dims.size === 1) {
      const dim = [...dims][0]!;
      const condition = compileCondition(set, atom);
      byDim.set(dim, [...(byDim.get(dim) ?? []), (s) => condition(s, 0)]);
    } else for (const dim of dims) (reach.distinctions.dimensions as Set<string>).add(dim);
  }
}

/** Tenet's requirements when the policy set declares no sign-in property: Microsoft's two most common policies. */
function defaults(): Requirement[] {
  const str = (s: unknown, k: string) => (s as Record<string, Record<string, unknown>>)[k];
  return [
    {
      name: "default-mfa-for-all-users",
      title: "Every sign-in to a resource needs multifactor authentication (no exception declared)",
      source: "default",
      claim: { kind: "requires", control: "mfa" },
      scope: (s) => str(s, "application")?.userAction === undefined,
      notDecided: [],
    },
    {
      name: "default-block-legacy-authentication",
      title: "Legacy authentication clients are blocked",
      source: "default",
      claim: { kind: "alwaysBlocked" },
      scope: (s) => {
        const c = (s as Record<string, unknown>).clientAppType;
        return c === "exchangeActiveSync" || c === "other";
      },
      notDecided: [],
    },
  ];
}

/**
 * The requirements of a compiled set: each sign-in `property` (`requires CONTROL`, `never
 * blocked`, `always blocked`) with its `assume` as the scope, or Tenet's defaults when there
 * is none. `reach` gathers what the scopes read so the partition splits on it.
 */
export function requirementsOf(compiled: CompiledPolicySet, reach: ScopeReach): Requirement[] {
  const properties = compiled.set.files.flatMap((f) =>
    f.declarations.filter((d): d is PropertyDecl => d.kind === "Property"),
  );
  const out: Requirement[] = [];
  for (const p of properties) {
    const expect = p.clauses.find((c) => c.kind === "Expect");
    const claim = expect?.kind === "Expect" ? claimOfWords(expect.words.map((w) => w.name)) : undefined;
    if (claim === undefined) continue;
    const assume = p.clauses.find((c) => c.kind === "Assume");
    const req: Requirement = {
      name: p.name.name,
      source: "property",
      claim,
      span: p.name.span,
      notDecided: [],
      ...(p.title === undefined ? {} : { title: p.title.value }),
    };
    if (assume?.kind === "Assume") {
      const condition = compileCondition(compiled.set, assume.condition);
      req.scope = (s) => condition(s, 0);
      req.notDecided = reachOf(assume.condition, reach, compiled.set);
    }
    out.push(req);
  }
  if (out.length > 0) return out;
  const d = defaults();
  const atoms = reach.distinctions.scopeAtoms as Map<string, ScopeAtom[]>;
  atoms.set("application", [d[0]!.scope!]);
  atoms.set("clientApp", [d[1]!.scope!]);
  return d;
}

/** A declared sign-in exception (a waiver whose scope reads `signIn`), as the analysis applies it. */
export interface SignInException {
  name: string;
  reason: string;
  approver: string;
  /** The expiry as written (a date or an instant). */
  expires: string;
  /** Expired at the analysis' instant: it no longer excuses anything. */
  expired: boolean;
  /** True, false or unknown (Kleene) for a sign-in; only true excuses. */
  scope: (signIn: unknown) => boolean | undefined;
  span: Span;
  /** Parts of the scope the partition cannot decide exactly. */
  notDecided: string[];
  /** The waiver's `properties`: it excuses only these requirements (absent: every excusable one). */
  properties?: readonly string[];
}

/**
 * The set's sign-in exceptions, with what their scopes read added to `reach` so the partition
 * splits on it. An exception excuses the sign-ins in its scope from `requires` and `always
 * blocked` claims (only the properties it names, when it names some) until it expires
 * (`nowMillis` at or after the expiry: expired).
 */
export function exceptionsOf(compiled: CompiledPolicySet, reach: ScopeReach, nowMillis: number): SignInException[] {
  return compiled.set.waivers.flatMap((w) => {
    if (w.appliesTo !== "signIns" || w.scope === undefined) return [];
    const condition = compileCondition(compiled.set, w.scope);
    const at = w.decl.clauses.find((c) => c.kind === "WaiverExpires");
    return [
      {
        name: w.name,
        reason: w.reason,
        approver: w.approver,
        expires: at?.kind === "WaiverExpires" ? (at.at.kind === "Date" ? at.at.value : at.at.text) : "",
        expired: w.expiresMillis <= nowMillis,
        scope: (s: unknown) => condition(s, 0),
        span: w.decl.name.span,
        notDecided: reachOf(w.scope, reach, compiled.set),
        ...(w.properties === undefined ? {} : { properties: w.properties }),
      },
    ];
  });
}
