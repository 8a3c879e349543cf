import type { CapturedDevice } from "@tenet/history";

/**
 * What a worker captured of a batch's devices for the store (`check --history`), as it crosses
 * back to the main thread. Most devices are unchanged: each is its id, volatile text and tally
 * share in parallel arrays, a share sent once per batch however many devices have it (a message
 * copies every string it holds, and an object per device cost more to clone than to rebuild).
 * The changed devices go whole, with their place in the batch so the order is kept (a device id
 * met twice in a run keeps its first record).
 */
export interface PackedCapture {
  ids: string[];
  volatile: (string | undefined)[];
  /** Per unchanged device: its tally share, as an index into `shares`. */
  shareOf: Uint32Array;
  shares: string[];
  changed: { at: number; device: CapturedDevice }[];
}

export function packCaptured(devices: readonly CapturedDevice[]): PackedCapture {
  const unchanged = devices.length;
  const packed: PackedCapture = { ids: [], volatile: [], shareOf: new Uint32Array(unchanged), shares: [], changed: [] };
  const shareIndex = new Map<string, number>();
  for (let at = 0; at < devices.length; at++) {
    const d = devices[at]!;
    if (!("unchanged" in d)) {
      packed.changed.push({ at, device: d });
      continue;
    }
    let share = shareIndex.get(d.tally);
    if (share === undefined) shareIndex.set(d.tally, (share = packed.shares.push(d.tally) - 1));
    packed.shareOf[packed.ids.length] = share;
    packed.ids.push(d.id);
    packed.volatile.push(d.volatile);
  }
  return packed;
}

/** The devices of a packed capture, in their order, appended to `into`. */
export function unpackCaptured(packed: PackedCapture, into: CapturedDevice[]): void {
  let next = 0;
  let u = 0;
  const total = packed.ids.length + packed.changed.length;
  for (let at = 0; at < total; at++) {
    if (packed.changed[next]?.at === at) {
      into.push(packed.changed[next++]!.device);
      continue;
    }
    const volatile = packed.volatile[u];
    const id = packed.ids[u]!;
    const tally = packed.shares[packed.shareOf[u++]!]!;
    into.push(volatile === undefined ? { id, unchanged: true, tally } : { id, unchanged: true, volatile, tally });
  }
}
