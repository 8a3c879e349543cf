/** The engine version recorded in every result and audit record. */
export const ENGINE_VERSION = "0.1.0";
