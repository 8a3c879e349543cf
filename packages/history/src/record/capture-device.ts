import type { DeviceResult } from "@tenet/evaluator";
import { canonicalJson, sha256 } from "./canonical-json.js";
import { outcomeOf } from "./device-outcome.js";
import type { RecordedDevice } from "./record-run.js";

/**
 * Turns one evaluated snapshot into what the store records, or `undefined` for a snapshot
 * without an `id` (the store keys devices by it). The snapshot text is left out when the
 * store already holds it (`known`), so an unchanged fleet moves only hashes.
 */
export function captureDevice(
  facts: unknown,
  result: DeviceResult,
  known: ReadonlySet<string>,
): RecordedDevice | undefined {
  const id = facts !== null && typeof facts === "object" ? (facts as Record<string, unknown>)["id"] : undefined;
  if (typeof id !== "string" || id === "") return undefined;
  const text = canonicalJson(facts);
  const snapshotHash = sha256(text);
  return { id, snapshotHash, snapshot: known.has(snapshotHash) ? undefined : text, outcome: outcomeOf(result) };
}
