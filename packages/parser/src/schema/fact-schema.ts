import type { FactType } from "../check/fact-type.js";

/**
 * A facts schema ready for the checker: the JSON Schema it came from (used by ajv to
 * validate snapshots) and the Tenet type of its root object. The root name is how
 * policies refer to it (`device`, `signIn`).
 */
export interface FactSchema {
  rootName: string;
  json: Record<string, unknown>;
  root: FactType & { kind: "object" };
  /** Dotted paths (from the root, without the root name) marked `x-tenet-personal`. */
  personalPaths: string[];
}
