// exploreClasses: the sign-in space -> its classes (assignments that no policy tells apart), merged as they are built.
import type { CheckedAccess, UserSelector } from "@tenet/parser";
import { emptyDraft, MEMBER, toSignIn, type SignInDraft, type SignInSpace } from "./sign-in-space.js";
import { dropCovered, subsumerBitsets } from "./subsumers.js";
import { ChoiceMatches, meets } from "./choice-matches.js";

/** A policy as the explorer sees it: its conditions, its device filter, and what it adds to a decision when it applies. */
export interface ExplorePolicy {
  policy: CheckedAccess;
  filterMatches(device: unknown): boolean;
  /** Policies with equal effects are interchangeable in a decision (state, grant, not-evaluable parts). */
  effect: string;
}

/** One atom of a requirement's scope, read on a sign-in (Kleene: undefined is unknown). */
export type ScopeAtom = (signIn: unknown) => boolean | undefined;

/** What the explorer must keep apart beyond the policies' own conditions (the requirements' scopes). */
export interface Distinctions {
  /** Choice dimensions never merged (a requirement's scope reads them together with another). */
  dimensions: ReadonlySet<string>;
  /** Per choice dimension, the scope atoms it alone decides: values are told apart by their truth. */
  scopeAtoms: ReadonlyMap<string, readonly ScopeAtom[]>;
  groups: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  users: ReadonlySet<string>;
  guestKind: boolean;
}

export interface ExploreOptions {
  distinctions: Distinctions;
  /** Keep only classes where this policy (an index into the policies) applies. */
  mustApply?: number;
  /** The policies' matches on `space`'s values, shared between explorations of the same space. */
  matches?: ChoiceMatches;
}

/** One class: a representative draft; every sign-in of the class gets the same decision. */
export interface SignInClass {
  draft: SignInDraft;
}

export interface ExploreStats {
  /** Sign-in classes before merging: the product of every dimension's values (decimal text: it can pass 2^53). */
  product: string;
  /** Classes after merging assignments that no policy or requirement tells apart. */
  classes: number;
  /** The largest frontier held while exploring. */
  peakFrontier: number;
}

interface Assignment {
  choice: number[];
  userId: number;
  guestKind: number;
  atoms: AtomList | undefined;
  /** Groups and roles set: of merged assignments the one with the fewest is kept, the plainest witness. */
  size: number;
}
type AtomList = { atom: number; next: AtomList | undefined };

const bytesKey = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("latin1");

interface Effect {
  side: number;
  /** An evaluable block: the side's decision is block whatever else applies. */
  block: boolean;
}

/**
 * Explores the classes of the space for `policies`: single-choice dimensions first, each
 * value group merged with the others that no policy tells apart, then the user's id, kind and
 * group and role atoms. Only enforced policies take part (report-only ones never change a
 * decision), and only through what they add to it: policies with equal user conditions and
 * effects are one, a policy another alive one covers (same effect or a block, at least as wide
 * on the user and on every dimension still open) is dropped, a user condition whose effects
 * the decision already holds is dropped, and an evaluable block settles its side. Two states
 * with the same key get the same decision for every completion.
 */
export function exploreClasses(
  space: SignInSpace,
  policies: readonly ExplorePolicy[],
  options: ExploreOptions,
): { classes: SignInClass[]; stats: ExploreStats } {
  const d = options.distinctions;
  const forcedPolicy = options.mustApply;
  const taking = policies.flatMap((p, index) =>
    p.policy.state === "enabled" || index === forcedPolicy ? [{ p, index }] : [],
  );
  const n = taking.length;
  // Effects: id 0 is the forced marker (never held by a decision, so its user condition is never dropped).
  const effectIds = new Map<string, number>([["\u0000forced", 0]]);
  const effects: Effect[] = [{ side: -1, block: false }];
  const conditionIds = new Map<string, number>();
  const conditions: UserSelector[][][] = [];
  const pairOf = taking.map(({ p, index }) => {
    const users = p.policy.users;
    const include = users === undefined || users.include.length === 0 ? [{ kind: "all" as const }] : users.include;
    const condition = [include, users?.exclude ?? []];
    const ck = JSON.stringify(condition);
    if (!conditionIds.has(ck)) {
      conditionIds.set(ck, conditions.length);
      conditions.push(condition);
    }
    const ek = index === forcedPolicy ? "\u0000forced" : p.effect;
    if (!effectIds.has(ek)) {
      effectIds.set(ek, effects.length);
      const side = p.effect.startsWith("new:") ? 1 : 0;
      effects.push({ side, block: p.policy.grant.kind === "block" && p.policy.unsupported === undefined });
    }
    return { condition: conditionIds.get(ck)!, effect: effectIds.get(ek)! };
  });
  let product = 1;
  let peak = 0;
  // Phase 1: single-choice dimensions, each value reduced to the policies it lets through.
  const matches = options.matches?.space === space ? options.matches : new ChoiceMatches(space);
  const perPolicy = taking.map(({ p }) => matches.of(p));
  const groups = space.choices.map((dim, at) => {
    const byKey = new Map<string, { index: number; match: Uint8Array; key: string }>();
    product *= dim.values.length;
    dim.values.forEach((value, index) => {
      const draft = matches.drafts[at]![index]!;
      const match = new Uint8Array(n);
      for (let i = 0; i < n; i++) match[i] = perPolicy[i]![at]![index]!;
      const device = draft.device;
      const control =
        dim.name === "device"
          ? `${device === null ? "u" : ""}${device?.isCompliant === true ? "c" : ""}${device?.trustType === "ServerAD" ? "h" : ""}`
          : dim.name === "clientApp"
            ? String(value.label === "exchangeActiveSync" || value.label === "other")
            : "";
      const scope = d.dimensions.has(dim.name)
        ? value.label
        : (d.scopeAtoms
            .get(dim.name)
            ?.map((a) => String(a(toSignIn(draft))))
            .join(",") ?? "");
      const key = `${bytesKey(match)}/${control}/${scope}`;
      if (!byKey.has(key)) byKey.set(key, { index, match, key: key.slice(n) });
    });
    return [...byKey.values()];
  });
  // What a policy can still do after dimension k: its matches on the dimensions after k. Alive policies with
  // equal user conditions, effects and futures are interchangeable, so a state is keyed by the set of those triples.
  const futures: number[][] = new Array<number[]>(groups.length);
  let later = taking.map(() => 0);
  for (let k = groups.length - 1; k >= 0; k--) {
    futures[k] = later;
    const ids = new Map<string, number>();
    const after = later;
    later = taking.map((_, i) => {
      const sig = `${groups[k]!.map((g) => g.match[i]).join("")}/${after[i]}`;
      if (!ids.has(sig)) ids.set(sig, ids.size);
      return ids.get(sig)!;
    });
  }
  // Each policy's triple numbered once per dimension: a state's key is then its sorted, distinct triple numbers.
  const tripleIds = futures.map((future) => {
    const ids = new Map<string, number>();
    return taking.map((_, i) => {
      const t = `${pairOf[i]!.condition}:${pairOf[i]!.effect}:${future[i]}`;
      if (!ids.has(t)) ids.set(t, ids.size);
      return ids.get(t)!;
    });
  });
  const aliveKey = (alive: Uint8Array, k: number): string => {
    const triple = tripleIds[k]!;
    const present = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (alive[i] === 1) present[triple[i]!] = 1;
    let key = "";
    for (let t = 0; t < n; t++) if (present[t] === 1) key += `${t},`;
    return key;
  };
  const forcedAt = forcedPolicy === undefined ? -1 : taking.findIndex((t) => t.index === forcedPolicy);
  // Distinction keys grow with every dimension; numbered once, the frontier's map keys stay short (hashing long
  // concatenated strings flattened them on every lookup: most of the explorer's time and garbage).
  const distinctIds = new Map<string, string>();
  const intern = (k: string): string => {
    let id = distinctIds.get(k);
    if (id === undefined) distinctIds.set(k, (id = String(distinctIds.size)));
    return id;
  };
  // A policy that another alive one covers (wider everywhere still open, same effect or a block) is dropped: the
  // states that differ only in covered policies are one, which keeps the frontier near the number of decisions.
  const cover = subsumerBitsets(
    pairOf.map((pair, i) => ({
      condition: pair.condition,
      effect: pair.effect,
      block: effects[pair.effect]!.block,
      side: effects[pair.effect]!.side,
      forced: i === forcedAt,
    })),
    conditions,
    groups.length,
    (p, q) => matches.wider(taking[p]!.p, taking[q]!.p),
  );
  const scratch = new Uint32Array(cover.words);
  let frontier = new Map<string, { alive: Uint8Array; choice: number[]; key: string }>();
  const start = new Uint8Array(n).fill(1);
  dropCovered(start, cover.levels[0]!, cover.words, scratch);
  frontier.set("", { alive: start, choice: [], key: "" });
  for (const [dimIndex, values] of groups.entries()) {
    const next = new Map<string, { alive: Uint8Array; choice: number[]; key: string }>();
    for (const s of frontier.values()) {
      for (const g of values) {
        const alive = new Uint8Array(n);
        for (let i = 0; i < n; i++) alive[i] = s.alive[i]! & g.match[i]!;
        if (forcedAt >= 0 && alive[forcedAt] === 0) continue;
        dropCovered(alive, cover.levels[dimIndex + 1]!, cover.words, scratch);
        const distinct = intern(`${s.key}\u0001${g.key}`);
        const key = `${aliveKey(alive, dimIndex)}|${distinct}`;
        if (!next.has(key)) next.set(key, { alive, choice: [...s.choice, g.index], key: distinct });
      }
    }
    frontier = next;
    peak = Math.max(peak, frontier.size);
  }

  // Phase 2: the user, over distinct user conditions. Selectors are decided by the evaluator's own user matcher.
  const atomOrder: { kind: "group" | "role"; id: string }[] = [];
  const seen = new Set<string>();
  // Atoms in the order conditions name them (exclusions first), so each condition settles soon after it starts.
  for (const [include, exclude] of conditions)
    for (const s of [...exclude!, ...include!])
      if ((s.kind === "group" || s.kind === "role") && !seen.has(`${s.kind}:${s.id}`)) {
        seen.add(`${s.kind}:${s.id}`);
        atomOrder.push({ kind: s.kind, id: s.id });
      }
  for (const id of space.groups) if (!seen.has(`group:${id}`)) atomOrder.push({ kind: "group", id });
  for (const id of space.roles) if (!seen.has(`role:${id}`)) atomOrder.push({ kind: "role", id });
  const atomIndex = new Map(atomOrder.map((a, i) => [`${a.kind}:${a.id}`, i]));
  /** Variables: 0 the user id, 1 the guest kind, 2.. the atoms. */
  const varOf = (s: UserSelector): number =>
    s.kind === "user"
      ? 0
      : s.kind === "guests"
        ? 1
        : s.kind === "group" || s.kind === "role"
          ? 2 + atomIndex.get(`${s.kind}:${s.id}`)!
          : -1;
  const bare = policies[0]?.policy;
  const selectorHolds = (s: UserSelector, draft: SignInDraft) =>
    bare !== undefined &&
    matches.userSelector(s, draft, () =>
      meets(
        { policy: { ...bare, users: { include: [s], exclude: [] } }, filterMatches: () => false, effect: "" },
        ["users"],
        draft,
      ),
    );
  const valueCount = (v: number) => (v === 0 ? space.userIds.length : v === 1 ? space.guestKinds.length : 2);
  const draftWith = (v: number, value: number): SignInDraft => {
    const draft = emptyDraft();
    if (v === 0) draft.userId = space.userIds[value]!;
    else if (v === 1) draft.guestKind = space.guestKinds[value]!;
    else if (value === 1) {
      const a = atomOrder[v - 2]!;
      (a.kind === "group" ? draft.groups : draft.roles).push(a.id);
    }
    return draft;
  };
  const c = conditions.length;
  // Per condition and variable: include and exclude hits per value.
  const varConditions = new Map<number, { u: number; inc: boolean[]; exc: boolean[] }[]>();
  const lastVar = new Int32Array(c).fill(-1);
  const constInc = new Uint8Array(c);
  const constExc = new Uint8Array(c);
  conditions.forEach(([include, exclude], u) => {
    const perVar = new Map<number, { inc: boolean[]; exc: boolean[] }>();
    for (const [list, side] of [
      [include!, "inc"],
      [exclude!, "exc"],
    ] as const) {
      for (const s of list) {
        const v = varOf(s);
        if (v < 0) {
          if (s.kind === "all") (side === "inc" ? constInc : constExc)[u] = 1;
          continue;
        }
        let entry = perVar.get(v);
        if (entry === undefined) {
          entry = {
            inc: new Array<boolean>(valueCount(v)).fill(false),
            exc: new Array<boolean>(valueCount(v)).fill(false),
          };
          perVar.set(v, entry);
        }
        for (let value = 0; value < valueCount(v); value++)
          if (selectorHolds(s, draftWith(v, value))) entry[side][value] = true;
        lastVar[u] = Math.max(lastVar[u]!, v);
      }
    }
    for (const [v, entry] of perVar) varConditions.set(v, [...(varConditions.get(v) ?? []), { u, ...entry }]);
  });

  /** Adds an effect to a decision's sorted effects; an evaluable block settles its side. */
  const addEffect = (held: number[], e: number): number[] => {
    if (held.includes(e)) return held;
    const side = effects[e]!.side;
    if (held.some((h) => effects[h]!.side === side && effects[h]!.block)) return held;
    const kept = effects[e]!.block ? held.filter((h) => effects[h]!.side !== side) : held;
    return [...kept, e].sort((a, b) => a - b);
  };
  /** Whether the effects a condition would add are already held (it cannot change the decision). */
  // The same test as `addEffect(held, e) === held`, without building the arrays it would discard (the explorer's hot path).
  const idle = (pending: readonly number[], held: readonly number[]) =>
    pending.every(
      (e) =>
        e !== 0 && (held.includes(e) || held.some((h) => effects[h]!.block && effects[h]!.side === effects[e]!.side)),
    );
  interface UserState {
    /** Per condition: 0 out, 1 undecided, 3 undecided and already included. */
    status: Uint8Array;
    pending: (number[] | undefined)[];
    held: number[];
    key: string;
    /** The state's key in its frontier. */
    full: string;
    at: Assignment;
  }
  const settle = (s: { status: Uint8Array; pending: (number[] | undefined)[]; held: number[] }, u: number): boolean => {
    // Returns false when the forced policy's condition fails: the state is dropped.
    if (s.status[u] === 3) for (const e of s.pending[u]!) s.held = addEffect(s.held, e);
    else if (s.pending[u]!.includes(0)) return false;
    s.status[u] = 0;
    return true;
  };
  const prune = (s: { status: Uint8Array; pending: (number[] | undefined)[]; held: number[] }) => {
    for (let u = 0; u < c; u++) if (s.status[u] !== 0 && idle(s.pending[u]!, s.held)) s.status[u] = 0;
  };
  const stateKey = (
    s: { status: Uint8Array; pending: (number[] | undefined)[]; held: number[] },
    distinct: string,
  ): string => {
    let undecided = "";
    for (let u = 0; u < c; u++)
      if (s.status[u] !== 0) undecided += `${u}${s.status[u] === 3 ? "+" : ""}:${s.pending[u]!.join(".")},`;
    return `${undecided}|${s.held.join(",")}|${distinct}`;
  };
  let users = new Map<string, UserState>();
  for (const f of frontier.values()) {
    const s = { status: new Uint8Array(c), pending: new Array<number[] | undefined>(c), held: [] as number[] };
    for (let i = 0; i < n; i++) {
      if (f.alive[i] === 0) continue;
      const { condition: u, effect } = pairOf[i]!;
      s.pending[u] = [...new Set([...(s.pending[u] ?? []), effect])];
    }
    let ok = true;
    for (let u = 0; u < c && ok; u++) {
      if (s.pending[u] === undefined) continue;
      if (constExc[u] === 1) {
        ok = !s.pending[u]!.includes(0);
        continue;
      }
      s.status[u] = constInc[u] === 1 ? 3 : 1;
      if (lastVar[u] === -1) ok = settle(s, u);
    }
    if (!ok) continue;
    prune(s);
    const at: Assignment = {
      choice: f.choice,
      userId: space.userIds.length - 1,
      guestKind: 0,
      atoms: undefined,
      size: 0,
    };
    const key = stateKey(s, f.key);
    if (!users.has(key)) users.set(key, { ...s, key: f.key, full: key, at });
  }
  const varCount = 2 + atomOrder.length;
  const distinctVar = (v: number): boolean => {
    if (v === 0) return d.users.size > 0;
    if (v === 1) return d.guestKind;
    const a = atomOrder[v - 2]!;
    return (a.kind === "group" ? d.groups : d.roles).has(a.id);
  };
  for (let v = 0; v < varCount; v++) {
    const touching = varConditions.get(v) ?? [];
    const keep = distinctVar(v);
    const next = new Map<string, UserState>();
    for (const s of users.values()) {
      const relevant = touching.filter((t) => s.status[t.u] !== 0);
      if (relevant.length === 0 && !keep) {
        // Nothing undecided reads this variable: the state goes on as it is (the atom is false).
        const held = next.get(s.full);
        if (held === undefined || held.at.size > s.at.size) next.set(s.full, s);
        continue;
      }
      const values = valueCount(v);
      for (let value = 0; value < values; value++) {
        const chosen = value;
        const t = relevant.length > 0 ? { status: s.status.slice(), pending: s.pending, held: s.held } : s;
        let ok = true;
        for (const r of relevant) {
          if (r.exc[chosen]) {
            t.status[r.u] = 1;
            ok = settle(t, r.u) && ok;
          } else {
            if (r.inc[chosen]) t.status[r.u] = 3;
            if (lastVar[r.u] === v) ok = settle(t, r.u) && ok;
          }
        }
        if (!ok) continue;
        if (relevant.length > 0) prune(t);
        const at: Assignment = {
          ...s.at,
          ...(v === 0 ? { userId: chosen } : v === 1 ? { guestKind: chosen } : {}),
          atoms: v >= 2 && chosen === 1 ? { atom: v - 2, next: s.at.atoms } : s.at.atoms,
          size: s.at.size + (v >= 2 && chosen === 1 ? 1 : 0),
        };
        const distinct = keep ? intern(`${s.key}\u0002${chosen}`) : s.key;
        const key = stateKey(t, distinct);
        const held = next.get(key);
        if (held === undefined || held.at.size > at.size) next.set(key, { ...t, key: distinct, full: key, at });
      }
    }
    users = next;
    peak = Math.max(peak, users.size);
  }
  const classes = [...users.values()].map((s) => ({ draft: draftOf(space, atomOrder, s.at) }));
  const userProduct = BigInt(space.userIds.length * space.guestKinds.length) * 2n ** BigInt(atomOrder.length);
  return {
    classes,
    stats: { product: (BigInt(product) * userProduct).toString(), classes: classes.length, peakFrontier: peak },
  };
}

function draftOf(space: SignInSpace, atomOrder: { kind: "group" | "role"; id: string }[], at: Assignment): SignInDraft {
  const draft = emptyDraft();
  at.choice.forEach((index, dim) => space.choices[dim]!.values[index]!.apply(draft));
  draft.userId = space.userIds[at.userId]!;
  draft.guestKind = space.guestKinds[at.guestKind] ?? MEMBER;
  for (let a = at.atoms; a !== undefined; a = a.next) {
    const atom = atomOrder[a.atom]!;
    (atom.kind === "group" ? draft.groups : draft.roles).push(atom.id);
  }
  draft.groups.sort();
  draft.roles.sort();
  return draft;
}
