import { readFileSync } from "node:fs";
import { CliError, EXIT, errnoReason, invocationDiagnostic } from "../exit-codes.js";
import type { CatalogCode } from "@tenet/parser";

/** Shorter keys are refused: a guessable key lets anyone recompute what it protects. */
const MIN_KEY_BYTES = 16;

/** Where one kind of key comes from, and the catalog code that says it is unusable (`{source}`, `{reason}`). */
export interface KeySource {
  /** The environment variable naming a key file, used when no flag is given. */
  fileEnv: string;
  /** The environment variable holding the key itself, the last resort. */
  valueEnv: string;
  invalid: CatalogCode;
}

/**
 * A key from a flag's file, else the `fileEnv` file, else `valueEnv` itself; undefined when none
 * is given. A file's trailing newline is not part of the key; fewer than 16 bytes is an error.
 */
export function readSecretKey(
  file: string | undefined,
  from: KeySource,
  env: NodeJS.ProcessEnv = process.env,
): Buffer | undefined {
  const path = file ?? env[from.fileEnv];
  let key: Buffer;
  let source: string;
  if (path !== undefined) {
    source = `file \`${path}\``;
    try {
      key = readFileSync(path);
    } catch (error) {
      throw invalidKey(from, source, errnoReason(error));
    }
    let end = key.length;
    while (end > 0 && (key[end - 1] === 0x0a || key[end - 1] === 0x0d)) end--;
    key = key.subarray(0, end);
  } else if (env[from.valueEnv] !== undefined) {
    source = `\`${from.valueEnv}\``;
    key = Buffer.from(env[from.valueEnv]!, "utf8");
  } else return undefined;
  if (key.length < MIN_KEY_BYTES) throw invalidKey(from, source, `${key.length} bytes, fewer than ${MIN_KEY_BYTES}`);
  return key;
}

const invalidKey = (from: KeySource, source: string, reason: string) =>
  new CliError([invocationDiagnostic(from.invalid, { source, reason })], EXIT.usage);
