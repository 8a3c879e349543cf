import { existsSync, readFileSync } from "node:fs";
import yaml from "js-yaml";
import { UsageError } from "./exit-codes.js";

/** Defaults a team can keep in `tenet.config.yaml` (or `.json`) next to its policies. */
export interface TenetConfig {
  policy?: string[];
  now?: string;
  tenant?: string;
  format?: string;
  schema?: string;
  /** The history store: a directory (embedded) or a postgres:// URL. */
  history?: string;
}

const KEYS = new Set(["policy", "now", "tenant", "format", "schema", "history"]);

/** Reads `tenet.config.yaml`/`.yml`/`.json` from the working directory, if there is one. */
export function loadConfig(dir = process.cwd()): TenetConfig {
  for (const name of ["tenet.config.yaml", "tenet.config.yml", "tenet.config.json"]) {
    const path = `${dir}/${name}`;
    if (!existsSync(path)) continue;
    let parsed: unknown;
    try {
      parsed = name.endsWith(".json") ? JSON.parse(readFileSync(path, "utf8")) : yaml.load(readFileSync(path, "utf8"));
    } catch (error) {
      throw new UsageError(`${name}: invalid configuration: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`${name}: invalid configuration: expected a mapping`);
    const unknown = Object.keys(parsed).filter((k) => !KEYS.has(k));
    if (unknown.length > 0) throw new UsageError(`${name}: invalid configuration: unknown key \`${unknown[0]}\` (known: ${[...KEYS].join(", ")})`);
    const config = parsed as TenetConfig & { policy?: string | string[] };
    return { ...config, ...(typeof config.policy === "string" ? { policy: [config.policy] } : {}) };
  }
  return {};
}
