import { readFileSync } from "node:fs";
import { CliError, EXIT, errnoReason, invocationDiagnostic } from "../exit-codes.js";

/** Shorter keys are refused: a guessable key would let anyone re-key a rewritten chain. */
const MIN_KEY_BYTES = 16;

/**
 * The audit key, from `--audit-key FILE`, else `TENET_AUDIT_KEY_FILE`, else `TENET_AUDIT_KEY`
 * (the key itself); undefined when none is given. A file's trailing newline is not part of the key.
 */
export function readAuditKey(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const path = file ?? env["TENET_AUDIT_KEY_FILE"];
  let key: Buffer;
  let source: string;
  if (path !== undefined) {
    source = `file \`${path}\``;
    try {
      key = readFileSync(path);
    } catch (error) {
      throw invalidKey(source, errnoReason(error));
    }
    let end = key.length;
    while (end > 0 && (key[end - 1] === 0x0a || key[end - 1] === 0x0d)) end--;
    key = key.subarray(0, end);
  } else if (env["TENET_AUDIT_KEY"] !== undefined) {
    source = "`TENET_AUDIT_KEY`";
    key = Buffer.from(env["TENET_AUDIT_KEY"], "utf8");
  } else return undefined;
  if (key.length < MIN_KEY_BYTES) throw invalidKey(source, `${key.length} bytes, fewer than ${MIN_KEY_BYTES}`);
  return key;
}

const invalidKey = (source: string, reason: string) =>
  new CliError([invocationDiagnostic("CP5079", { source, reason })], EXIT.usage);
