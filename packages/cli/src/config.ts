import { dirname, isAbsolute, join, relative } from "node:path";
import yaml from "js-yaml";
import { lilconfigSync } from "lilconfig";
import { emptySpan, makeDiagnostic } from "@tenet/parser";
import { CliError } from "./exit-codes.js";

/** Defaults a team keeps in `tenet.config.yaml` (or `.yml`, `.json`), overridable by `TENET_*` variables. */
export interface TenetConfig {
  policy?: string[];
  now?: string;
  tenant?: string;
  format?: string;
  schema?: string;
  /** The history store: a directory (embedded) or a postgres:// URL. */
  history?: string;
  /** Snapshot fields whose change alone is not the device changing (`history device`); replaces the default list. */
  volatileFields?: string[];
}

const KEYS = ["policy", "now", "tenant", "format", "schema", "history", "volatileFields"] as const;
/** Keys that name files: relative to the config file's directory, as a reader of the file expects. */
const PATH_KEYS = new Set(["policy", "tenant", "schema"]);

const searcher = lilconfigSync("tenet", {
  searchPlaces: ["tenet.config.yaml", "tenet.config.yml", "tenet.config.json"],
  loaders: {
    ".yaml": (_path, text) => yaml.load(text),
    ".yml": (_path, text) => yaml.load(text),
    ".json": (_path, text) => JSON.parse(text) as unknown,
  },
  cache: false,
});

/**
 * The configuration for a run: the nearest `tenet.config.*` from `dir` upward (lilconfig's
 * search, which stops at the home directory), then `TENET_POLICY` (comma-separated),
 * `TENET_NOW`, `TENET_TENANT`, `TENET_FORMAT`, `TENET_SCHEMA` over it. Flags win over both.
 */
export function loadConfig(dir = process.cwd(), env: NodeJS.ProcessEnv = process.env): TenetConfig {
  return { ...fileConfig(dir), ...envConfig(env) };
}

function fileConfig(dir: string): TenetConfig {
  let found: ReturnType<typeof searcher.search>;
  try {
    found = searcher.search(dir);
  } catch (error) {
    const path = (error as { filepath?: string }).filepath ?? "tenet.config";
    throw invalid(path, error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error));
  }
  if (found === null || found.isEmpty === true) return {};
  const path = relative(dir, found.filepath) || found.filepath;
  const parsed = found.config as unknown;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw invalid(path, "expected a mapping");
  const unknown = Object.keys(parsed).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw invalid(path, `unknown key \`${unknown[0]}\` (known: ${KEYS.join(", ")})`);
  const config = parsed as Record<string, unknown>;
  const base = dirname(found.filepath);
  const at = (p: string) => (isAbsolute(p) ? p : relative(dir, join(base, p)) || ".");
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = config[key];
    if (value === undefined) continue;
    if (key === "volatileFields") {
      if (!Array.isArray(value) || value.some((f) => typeof f !== "string" || f === ""))
        throw invalid(path, "`volatileFields` must be a list of field names");
      out[key] = value;
      continue;
    }
    const list = key === "policy" && Array.isArray(value);
    if (!list && typeof value !== "string")
      throw invalid(path, `\`${key}\` must be ${key === "policy" ? "a path or a list of paths" : "a string"}`);
    if (key === "policy") out[key] = (list ? (value as unknown[]) : [value]).map((p) => at(String(p)));
    // `history` names a directory (relative to the config file, like the others) or a postgres:// URL.
    else
      out[key] =
        PATH_KEYS.has(key) || (key === "history" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value as string))
          ? at(value as string)
          : value;
  }
  return out as TenetConfig;
}

function envConfig(env: NodeJS.ProcessEnv): TenetConfig {
  const out: TenetConfig = {};
  const get = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const policy = get("TENET_POLICY");
  if (policy !== undefined) out.policy = policy.split(",").filter((p) => p !== "");
  for (const [key, name] of [
    ["now", "TENET_NOW"],
    ["tenant", "TENET_TENANT"],
    ["format", "TENET_FORMAT"],
    ["schema", "TENET_SCHEMA"],
  ] as const) {
    const value = get(name);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function invalid(path: string, reason: string): CliError {
  return new CliError([makeDiagnostic("CP5008", emptySpan(path), { path, reason })]);
}
