// prepare: compiled policy set + per-call settings -> an evaluator that owns its context (OPA's PrepareForEval).
import type { Instant } from "@tenet/parser";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import { EvalEnv } from "../compile/env.js";
import type { DeviceResult, PreviousState, TenantSettings } from "../model/device-result.js";
import type { Truth } from "../values/kleene.js";
import { getOwn } from "../values/fact-lookup.js";
import { assembleResult, resolveSettings } from "./assemble-result.js";
import type { ConditionRunner } from "./rule-runner.js";

/**
 * Where a prepared evaluation finds what the previous evaluation knew about a device (grace
 * periods, the seven-day error rule, pending policies), by the snapshot's `id`: a map, or a
 * function such as a query of a run store. It is asked once per snapshot that has an `id`,
 * synchronously. A snapshot's own fields (`noncompliantSince`, `settingErrors`,
 * `previousComplianceState`, `pendingPolicies`) win over what it returns, field by field.
 */
export type PreviousLookup = ReadonlyMap<string, PreviousState> | ((deviceId: string) => PreviousState | undefined);

/** The settings a prepared evaluation binds once for every snapshot it evaluates. */
export interface PrepareOptions {
  /** The evaluation instant, read with `parseInstant`: never read from a clock. */
  now: Instant;
  tenant?: TenantSettings;
  /** Whether failed, errored and waived rules carry an `explanation` (default true). */
  explain?: boolean;
  /** Which rules `PolicyResult.rules` lists: `"all"` (default) or `"failures"` (see `EvaluateOptions.rules`). */
  rules?: "all" | "failures";
  /** The previous state of each device; without it, only the snapshots' own fields are read. */
  previous?: PreviousLookup;
}

/** A compiled set bound to one instant and one set of settings: evaluate many snapshots with it. */
export interface PreparedEvaluation {
  readonly compiled: CompiledPolicySet;
  readonly now: Instant;
  /**
   * Evaluates one device snapshot with Intune semantics. `previous`, when given, is used
   * instead of the prepared lookup for this snapshot. Deterministic; synchronous, and not
   * re-entrant (a prepared evaluation reuses one context).
   */
  evaluate(facts: unknown, previous?: PreviousState): DeviceResult;
}

/**
 * Binds a compiled set to an instant and settings. The returned evaluator owns its settings,
 * its evaluation context and its condition runner; the compiled set stays untouched, so any
 * number of prepared evaluations can share it.
 */
export function prepare(compiled: CompiledPolicySet, options: PrepareOptions): PreparedEvaluation {
  const settings = resolveSettings(options);
  const env = new EvalEnv(compiled.slots);
  env.now = settings.now;
  env.less = settings.padding === "less";
  // Closures over the context, made once, so evaluation allocates none.
  const runner: ConditionRunner = {
    ruleWhen: (rule) => (rule.when as NonNullable<typeof rule.when>)(env.root, env) as Truth,
    ruleRequire: (rule) => rule.require(env.root, env) as Truth,
    policyWhen: (policy) => (policy.when as NonNullable<typeof policy.when>)(env.root, env) as Truth,
    waiverScope: (w) => (w.scope as NonNullable<typeof w.scope>)(env.root, env) as Truth,
  };
  const lookup = previousLookup(options.previous);
  return Object.freeze({
    compiled,
    now: options.now,
    evaluate(facts: unknown, previous?: PreviousState): DeviceResult {
      const prev = previous ?? (lookup === undefined ? undefined : lookup(facts));
      env.root = facts;
      try {
        return assembleResult(compiled, facts, settings, prev, runner);
      } finally {
        // Do not keep the snapshot alive through the prepared evaluation.
        env.root = undefined;
      }
    },
  });
}

function previousLookup(previous: PreviousLookup | undefined): ((facts: unknown) => PreviousState | undefined) | undefined {
  if (previous === undefined) return undefined;
  const find = typeof previous === "function" ? previous : (id: string) => previous.get(id);
  return (facts) => {
    const id = getOwn(facts, "id");
    return typeof id === "string" ? find(id) : undefined;
  };
}
