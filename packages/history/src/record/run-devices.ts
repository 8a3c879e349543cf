import { ContentHasher, contentHash } from "./content-hash.js";
import type { CapturedDevice } from "./capture-device.js";
import type { PreviousRun } from "./previous-run.js";
import { outcomeHash, type RecordedDevice } from "./record-run.js";
import { tallyShare, type ControlIndex } from "./run-tallies.js";
import { byDeviceId, packVolatile, type PackedVolatile } from "./volatile-fields.js";

/** What a run records of its devices besides the changed ones' rows, worked out before its transaction. */
export interface RunDevices {
  /** How many devices the run has (each id once). */
  count: number;
  /** The devices whose snapshot or outcome differs from their open span's (or that have none), outcome hashed. */
  changed: RecordedDevice[];
  contentHash: string;
  volatile: PackedVolatile | undefined;
  /** The ids of devices with an open span that are absent from the run. */
  closing: string[];
  /** The ids of changed devices that have an open span. */
  closingChanged: string[];
  /** How many devices have each tally share. */
  shares: Map<string, number>;
}

/** A device captured whole, with its outcome hash: the one its evaluating thread computed, else made here. */
export function withOutcomeHash<T extends RecordedDevice>(device: T): T & { outcomeHash: string } {
  return device.outcomeHash !== undefined
    ? (device as T & { outcomeHash: string })
    : { ...device, outcomeHash: outcomeHash(device.outcome) };
}

/** `RunDevices` of devices given one object each, in any order. */
export function listedDevices(
  base: PreviousRun,
  listed: readonly (RecordedDevice | CapturedDevice)[],
  controls: ControlIndex,
  redacted: boolean,
): RunDevices {
  const devices = byId(listed);
  // A device left unchanged keeps its open span's hashes; one captured whole is compared with it here.
  const changed: RecordedDevice[] = [];
  const content = new ContentHasher();
  // Each device's hashes, should its triples have to be sorted after all (see ContentHasher).
  const snapshotHashes: string[] = [];
  const outcomeHashes: string[] = [];
  const shares = new Map<string, number>();
  let stayed = 0;
  for (const d of devices) {
    const open = base.spans.get(d.id);
    if (open !== undefined) stayed++;
    let snapshotHash: string;
    let hash: string;
    if ("unchanged" in d) {
      if (open === undefined)
        throw new Error(`internal error: device ${d.id} has no open span to stay unchanged in (a bug)`);
      ({ snapshotHash, outcomeHash: hash } = open);
    } else {
      const device = withOutcomeHash(d);
      ({ snapshotHash, outcomeHash: hash } = device);
      if (open === undefined || open.snapshotHash !== snapshotHash || open.outcomeHash !== hash) changed.push(device);
    }
    content.add(`${d.id}\t${snapshotHash}\t${hash}`);
    snapshotHashes.push(snapshotHash);
    outcomeHashes.push(hash);
    const share = "tally" in d ? d.tally : tallyShare((d as RecordedDevice).outcome, controls);
    shares.set(share, (shares.get(share) ?? 0) + 1);
  }
  const volatile = packVolatile(devices.map((d) => d.volatile));
  const extras = { volatileHash: volatile?.hash ?? null, redacted };
  return {
    count: devices.length,
    changed,
    contentHash:
      content.digest(extras) ??
      contentHash(
        devices.map((d, i) => `${d.id}\t${snapshotHashes[i]}\t${outcomeHashes[i]}`),
        extras,
      ),
    volatile,
    // Devices absent from this run: their span ends here (a device that returns starts afresh).
    // The ids are unique, so when as many stayed as the base has, none is absent.
    closing: stayed === base.spans.size ? [] : absent(base.spans.keys(), devices),
    closingChanged: changed.map((d) => d.id).filter((id) => base.spans.has(id)),
    shares,
  };
}

/**
 * A run's devices sorted by id, each id once: a device id seen twice keeps its first record (the
 * second is reported by the caller). The sort is stable, so the first of equal ids is the first
 * given, and they are next to each other: no set of 100,000 ids is needed to find them. Devices
 * come in sorted stretches (each batch in input order), which the sort takes as they are.
 */
function byId<T extends { id: string }>(devices: readonly T[]): T[] {
  const sorted = [...devices].sort((a, b) => byDeviceId(a.id, b.id));
  return sorted.filter((d, i) => i === 0 || sorted[i - 1]!.id !== d.id);
}

/** The ids of `base` that are not among `devices`. */
function absent(base: Iterable<string>, devices: readonly { id: string }[]): string[] {
  const seen = new Set(devices.map((d) => d.id));
  return [...base].filter((id) => !seen.has(id));
}
