/**
 * The per-evaluation context compiled closures read: the evaluation instant, the version
 * padding mode, the slots of quantifier variables and the per-snapshot memo of `let` values.
 * A prepared evaluation owns one and reuses it for every snapshot it evaluates, so passing
 * rules allocate nothing.
 */
export class EvalEnv {
  now = 0;
  less = false;
  vars: unknown[];
  /** The snapshot being evaluated (read by the prepared evaluation's condition runner). */
  root: unknown = undefined;
  /**
   * The number of the snapshot being evaluated, 0 when no snapshot was begun: a `let`'s value
   * is remembered for the snapshot whose number is in `stamps` (so each `let` is computed once
   * per snapshot), and never remembered under 0 (callers that do not call `begin`).
   */
  snapshot = 0;
  /** The remembered `let` values (conditions as truth values, values as raw facts). */
  memo: unknown[];
  /** Which snapshot each `memo` entry belongs to. */
  stamps: number[];
  /** Whether a `let` value was remembered since the last `end` (most snapshots of generated policies: none). */
  remembered = false;

  /**
   * `slots`: how many quantifier variables the compiled conditions use (`CompiledPolicySet.slots`);
   * `memoSlots`: how many `let` values they remember (`CompiledPolicySet.memoSlots`).
   */
  constructor(slots: number, memoSlots = 0) {
    this.vars = new Array<unknown>(slots).fill(undefined);
    this.memo = new Array<unknown>(memoSlots).fill(undefined);
    this.stamps = new Array<number>(memoSlots).fill(0);
  }

  /** Starts evaluating `root`: values remembered for an earlier snapshot stop applying. */
  begin(root: unknown): void {
    this.root = root;
    if (this.snapshot >= 0x3fffffff) {
      this.snapshot = 0;
      this.stamps.fill(0);
    }
    this.snapshot++;
  }

  /** Ends the snapshot: nothing of it is kept alive or remembered. */
  end(): void {
    this.root = undefined;
    // Clearing only what was written: a fill per snapshot was 2% of a verdict.
    if (this.remembered) {
      this.memo.fill(undefined);
      this.remembered = false;
    }
    this.snapshot++;
  }
}

/** A compiled condition: four-valued truth (see `values/kleene.ts`). */
export type CompiledCondition = (root: unknown, env: EvalEnv) => 0 | 1 | 2 | 3;

/** A compiled operand: the raw value, or `MISSING`. */
export type CompiledGetter = (root: unknown, env: EvalEnv) => unknown;
