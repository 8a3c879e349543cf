import { ContentHasher, contentHash } from "./content-hash.js";
import type { CapturedBatch, CapturedRun, ChangedDevice } from "./captured-run.js";
import { SpanIndex } from "./open-spans.js";
import type { RecordedDevice } from "./record-run.js";
import { withOutcomeHash, type RunDevices } from "./run-devices.js";
import { byDeviceId, packVolatile } from "./volatile-fields.js";

/**
 * `RunDevices` of a run captured flat (`CapturedRun`). The open spans are in id order, so the
 * devices that have one come in id order by walking the spans: only the devices without one (new
 * to the store, a few) are sorted and merged in. A device id met twice keeps its first capture.
 */
export function capturedDevices(run: CapturedRun, redacted: boolean): RunDevices {
  const batches = run.batches;
  const spans = new SpanIndex(run.spans);
  // Per span, the place in the run of its device's first capture (-1: absent from the run).
  const first = new Int32Array(spans.size).fill(-1);
  const whole = new Map<number, HashedDevice>();
  const fresh: { id: string; at: number }[] = [];
  // Per place in the run: its tally share as an index into `shareList`.
  const total = batches.reduce((n, b) => n + b.span.length, 0);
  const shareAt = new Uint32Array(total);
  const shareList: string[] = [];
  const shareIndex = new Map<string, number>();
  let at = 0;
  for (const b of batches) {
    const global = b.shares.map((share) => {
      let s = shareIndex.get(share);
      if (s === undefined) shareIndex.set(share, (s = shareList.push(share) - 1));
      return s;
    });
    let c = 0;
    for (let k = 0; k < b.span.length; k++, at++) {
      shareAt[at] = global[b.shareOf[k]!]!;
      const device = b.changed[c]?.at === k ? b.changed[c++]!.device : undefined;
      if (device !== undefined) whole.set(at, withOutcomeHash(device));
      const s = b.span[k]!;
      if (s < 0) fresh.push({ id: device!.id, at });
      else if (first[s] === -1) first[s] = at;
    }
  }
  // Stable: of equal ids the first captured stays first, and is the one kept.
  fresh.sort((a, b) => byDeviceId(a.id, b.id));
  const newcomers = fresh.filter((d, i) => i === 0 || fresh[i - 1]!.id !== d.id);

  const changed: RecordedDevice[] = [];
  const closing: string[] = [];
  const closingChanged: string[] = [];
  const counts = new Uint32Array(shareList.length);
  const content = new ContentHasher();
  // The places of the devices in id order; in capture order (a fleet read in id order) the
  // batches' volatile texts are the run's as they are.
  const order: number[] = [];
  let inCaptureOrder = true;
  walk(
    spans,
    first,
    newcomers,
    whole,
    (place, id, span, device) => {
      let snapshotHash: string;
      let hash: string;
      if (device === undefined) {
        snapshotHash = spans.snapshotHash(span);
        hash = spans.outcomeHash(span);
      } else {
        ({ snapshotHash, outcomeHash: hash } = device);
        if (span < 0 || spans.snapshotHash(span) !== snapshotHash || spans.outcomeHash(span) !== hash) {
          changed.push(device);
          if (span >= 0) closingChanged.push(id);
        }
      }
      content.add(`${id}\t${snapshotHash}\t${hash}`);
      counts[shareAt[place]!]!++;
      if (place !== order.length) inCaptureOrder = false;
      order.push(place);
    },
    closing,
  );

  const volatile = packedVolatile(batches, order, inCaptureOrder && order.length === total);
  const extras = { volatileHash: volatile?.hash ?? null, redacted };
  let digest = content.digest(extras);
  if (digest === undefined) {
    // Out of order after all (an id another extends with a character sorting before the tab): hash them sorted.
    const triples: string[] = [];
    walk(spans, first, newcomers, whole, (_place, id, span, device) => {
      const hashes =
        device === undefined
          ? `${spans.snapshotHash(span)}\t${spans.outcomeHash(span)}`
          : `${device.snapshotHash}\t${device.outcomeHash}`;
      triples.push(`${id}\t${hashes}`);
    });
    digest = contentHash(triples, extras);
  }
  const shares = new Map<string, number>();
  shareList.forEach((share, s) => {
    if (counts[s]! > 0) shares.set(share, counts[s]!);
  });
  return { count: order.length, changed, contentHash: digest, volatile, closing, closingChanged, shares };
}

/** A device captured whole, its outcome hashed. */
type HashedDevice = ChangedDevice & { outcomeHash: string };

type Visit = (place: number, id: string, span: number, device: HashedDevice | undefined) => void;

/** Visits the run's devices in id order: those with an open span by walking the spans, the newcomers merged in. */
function walk(
  spans: SpanIndex,
  first: Int32Array,
  newcomers: readonly { id: string; at: number }[],
  whole: ReadonlyMap<number, HashedDevice>,
  visit: Visit,
  absent?: string[],
): void {
  let f = 0;
  for (let s = 0; s < spans.size; s++) {
    const id = spans.id(s);
    for (; f < newcomers.length && newcomers[f]!.id < id; f++)
      visit(newcomers[f]!.at, newcomers[f]!.id, -1, whole.get(newcomers[f]!.at));
    const place = first[s]!;
    if (place === -1) absent?.push(id);
    else visit(place, id, s, whole.get(place));
  }
  for (; f < newcomers.length; f++) visit(newcomers[f]!.at, newcomers[f]!.id, -1, whole.get(newcomers[f]!.at));
}

/** The run's volatile fields packed in id order; `undefined` when none of its devices has any. */
function packedVolatile(batches: readonly CapturedBatch[], order: readonly number[], inCaptureOrder: boolean) {
  if (inCaptureOrder) {
    if (batches.every((b) => b.volatiles === 0)) return undefined;
    return packVolatile([batches.map((b) => b.volatile).join("\n")]);
  }
  const texts = batches.flatMap((b) => b.volatile.split("\n"));
  const kept = order.map((place) => texts[place]!);
  return kept.every((t) => t === "") ? undefined : packVolatile(kept);
}
