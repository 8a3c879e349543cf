/**
 * The per-evaluation context compiled closures read: the evaluation instant, the version
 * padding mode and the slots of quantifier variables. A prepared evaluation owns one and
 * reuses it for every snapshot it evaluates, so passing rules allocate nothing.
 */
export class EvalEnv {
  now = 0;
  less = false;
  vars: unknown[];
  /** The snapshot being evaluated (read by the prepared evaluation's condition runner). */
  root: unknown = undefined;

  /** `slots`: how many quantifier variables the compiled conditions use (`CompiledPolicySet.slots`). */
  constructor(slots: number) {
    this.vars = new Array<unknown>(slots).fill(undefined);
  }
}

/** A compiled condition: four-valued truth (see `values/kleene.ts`). */
export type CompiledCondition = (root: unknown, env: EvalEnv) => 0 | 1 | 2 | 3;

/** A compiled operand: the raw value, or `MISSING`. */
export type CompiledGetter = (root: unknown, env: EvalEnv) => unknown;
