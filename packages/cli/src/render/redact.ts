import { createHmac } from "node:crypto";
import { redactPersonal, type DeviceVerdict } from "@tenet/evaluator";

/** Hex digits of the HMAC kept in a pseudonym: 64 bits, so two values of one fleet do not collide. */
const PSEUDONYM_HEX = 16;

/**
 * The stable pseudonym of a personal value under `key`: `[redacted:` + the first 64 bits of
 * HMAC-SHA256(key, value) in hex + `]`. The same value and key give the same pseudonym in every
 * run, so redacted rows can be joined; without the key it cannot be reversed or guessed.
 */
export function pseudonym(value: string, key: Uint8Array): string {
  return `[redacted:${createHmac("sha256", key).update(value, "utf8").digest("hex").slice(0, PSEUDONYM_HEX)}]`;
}

/**
 * Removes personal data (schema paths marked `x-tenet-personal`) from a device result:
 * every occurrence of the device's personal values, wherever explanations, remediation
 * texts or names carry them, becomes `[redacted]`, or with a key its stable pseudonym.
 */
export function redactResult<R extends DeviceVerdict>(
  result: R,
  snapshot: unknown,
  personalPaths: readonly string[],
  key?: Uint8Array,
): R {
  return redactPersonal(result, snapshot, personalPaths, key === undefined ? undefined : (v) => pseudonym(v, key));
}
