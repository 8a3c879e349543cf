import type { Expr } from "@tenet/parser";
import type { Truth } from "../values/kleene.js";

/**
 * Trace events emitted while a rule is re-walked for its explanation (OPA lineage style):
 * the facts read and the leaf conditions that decided the outcome. Rules that pass are
 * never traced, so the hot path pays nothing.
 */
export type TraceEvent =
  | { kind: "read"; path: string; value: unknown }
  | {
      kind: "leaf";
      expr: Expr;
      /** The truth the leaf had, and the truth the rule needed from it. */
      truth: Truth;
      wanted: boolean;
      path?: string;
      actual: unknown;
      /** Why the value could not be used (malformed). */
      reason?: string;
      /** How the value was read when that is not obvious (a zoneless datetime read as UTC). */
      note?: string;
    };
