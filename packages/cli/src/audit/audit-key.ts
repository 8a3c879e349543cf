import { readSecretKey } from "../options/secret-key.js";

/**
 * The audit key, from `--audit-key FILE`, else `TENET_AUDIT_KEY_FILE`, else `TENET_AUDIT_KEY`
 * (the key itself); undefined when none is given. A file's trailing newline is not part of the key.
 */
export function readAuditKey(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  return readSecretKey(file, { fileEnv: "TENET_AUDIT_KEY_FILE", valueEnv: "TENET_AUDIT_KEY", invalid: "CP5079" }, env);
}
