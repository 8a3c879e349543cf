// choiceMatches: the sign-in space's single-choice values -> which of them each policy lets through, asked once per policy.
import { firstUnmetCondition, viewOf, type SignInView } from "../access/match-conditions.js";
import type { CheckedAccess, UserSelector } from "@tenet/parser";
import type { ExplorePolicy } from "./explore-classes.js";
import { emptyDraft, toSignIn, type SignInDraft, type SignInSpace } from "./sign-in-space.js";

export type Dim =
  | "users"
  | "apps"
  | "clientAppTypes"
  | "platforms"
  | "locations"
  | "signInRisk"
  | "userRisk"
  | "authenticationFlows"
  | "deviceFilter";
export const CHOICE_DIM: Record<string, Dim[]> = {
  application: ["apps"],
  clientApp: ["clientAppTypes"],
  platform: ["platforms"],
  location: ["locations"],
  signInRisk: ["signInRisk"],
  userRisk: ["userRisk"],
  authenticationFlow: ["authenticationFlows"],
  device: ["deviceFilter"],
};
export const ALL_DIMS: readonly Dim[] = [
  "users",
  "apps",
  "clientAppTypes",
  "platforms",
  "locations",
  "signInRisk",
  "userRisk",
  "authenticationFlows",
  "deviceFilter",
];

/** The policy with only the conditions of `keep`: the evaluator's own matcher then decides one dimension. */
export function only(policy: CheckedAccess, keep: readonly Dim[]): CheckedAccess {
  const copy: Record<string, unknown> = { ...policy };
  for (const d of ALL_DIMS) if (!keep.includes(d)) delete copy[d];
  return copy as unknown as CheckedAccess;
}

/** Whether the evaluator's matcher accepts `draft` on the dimensions `keep` of `policy`. */
export function meets(p: ExplorePolicy, keep: readonly Dim[], draft: SignInDraft): boolean {
  const view = viewOf(toSignIn(draft));
  return firstUnmetCondition(only(p.policy, keep), view, () => p.filterMatches(view.device)) === undefined;
}

/**
 * Per policy, per single-choice dimension of one space, a 0/1 entry per value: whether the
 * evaluator's own matcher lets the value through on that dimension alone. The policy-level
 * findings explore the space once per policy; the answers do not change between explorations,
 * so they are asked of the matcher once.
 */
export class ChoiceMatches {
  readonly drafts: SignInDraft[][];
  private readonly views: SignInView[][];
  private readonly cache = new Map<ExplorePolicy, Uint8Array[]>();
  private readonly numbers = new Map<ExplorePolicy, number>();
  private readonly widerCache = new Map<number, number>();
  private readonly selectors = new Map<string, boolean>();

  constructor(readonly space: SignInSpace) {
    this.drafts = space.choices.map((dim) =>
      dim.values.map((value) => {
        const draft = emptyDraft();
        value.apply(draft);
        return draft;
      }),
    );
    this.views = this.drafts.map((values) => values.map((d) => viewOf(toSignIn(d))));
  }

  of(p: ExplorePolicy): readonly Uint8Array[] {
    let found = this.cache.get(p);
    if (found === undefined) {
      found = this.space.choices.map((dim, d) => {
        const policy = only(p.policy, CHOICE_DIM[dim.name]!);
        return Uint8Array.from(this.views[d]!, (view) =>
          firstUnmetCondition(policy, view, () => p.filterMatches(view.device)) === undefined ? 1 : 0,
        );
      });
      this.cache.set(p, found);
      this.numbers.set(p, this.numbers.size);
    }
    return found;
  }

  /** Whether a user selector holds for a draft that sets one user variable: asked of `decide` once per pair. */
  userSelector(s: UserSelector, draft: SignInDraft, decide: () => boolean): boolean {
    const key = JSON.stringify([s, draft.userId, draft.guestKind, draft.groups, draft.roles]);
    let holds = this.selectors.get(key);
    if (holds === undefined) this.selectors.set(key, (holds = decide()));
    return holds;
  }

  /** A bit per dimension (bit `d` for `space.choices[d]`): set when every value that lets `p` through lets `q` through. */
  wider(p: ExplorePolicy, q: ExplorePolicy): number {
    const a = this.of(p);
    const b = this.of(q);
    const key = this.numbers.get(p)! * 0x100000 + this.numbers.get(q)!;
    let mask = this.widerCache.get(key);
    if (mask === undefined) {
      mask = 0;
      a.forEach((values, d) => {
        const other = b[d]!;
        for (let v = 0; v < values.length; v++) if (values[v] === 1 && other[v] === 0) return;
        mask! |= 1 << d;
      });
      this.widerCache.set(key, mask);
    }
    return mask;
  }
}
