import type { Queryable } from "../driver/driver.js";
import { canonicalJson, sha256 } from "./canonical-json.js";
import type { PreviousRun } from "./previous-run.js";
import type { RecordedDevice } from "./record-run.js";

/**
 * The library keys a snapshot by its canonical JSON, `check` by the bytes it read (`stableBytes`):
 * one snapshot, two keys. A device whose open span was keyed the other way is unchanged when the
 * stored body, written canonically, hashes to its key; it then keeps the span's key, so a store
 * that `check` wrote and the library continues (or the reverse, see `captureChange`) records no
 * change that did not happen.
 */
export async function keepStoredKeys(
  db: Queryable,
  base: PreviousRun,
  devices: RecordedDevice[],
): Promise<RecordedDevice[]> {
  const keyedOtherwise = (d: RecordedDevice) => {
    const span = base.spans.get(d.id);
    return span !== undefined && span.snapshotHash !== d.snapshotHash ? span.snapshotHash : undefined;
  };
  const hashes = new Set(devices.map(keyedOtherwise).filter((h) => h !== undefined));
  if (hashes.size === 0) return devices;
  const rows = await db.query<{ hash: string; body: string }>(
    "SELECT hash, body FROM snapshots WHERE hash = ANY($1::text[])",
    [[...hashes]],
  );
  const canonicalHash = new Map(rows.map((r) => [r.hash, sha256(canonicalJson(JSON.parse(r.body)))]));
  return devices.map((d) => {
    const stored = keyedOtherwise(d);
    return stored !== undefined && canonicalHash.get(stored) === d.snapshotHash
      ? { ...d, snapshotHash: stored, snapshot: undefined }
      : d;
  });
}
