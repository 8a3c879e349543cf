/** The evaluator's version, recorded in every result so a decision can be replayed. */
export const ENGINE_VERSION = "0.1.0";
