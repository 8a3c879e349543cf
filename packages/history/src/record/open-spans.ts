import type { PreviousState } from "@tenet/evaluator";
import type { OpenSpan } from "./previous-run.js";
import { byDeviceId } from "./volatile-fields.js";

/** Strings one after another in one string: string `i` is `text.slice(starts[i], starts[i + 1])`. */
export interface PackedStrings {
  text: string;
  starts: Uint32Array;
}

/**
 * The store's open spans as a daily run's evaluating threads share them: a few long strings and
 * typed arrays instead of three strings and an object per device (a message copies each one, and
 * each is one more for every thread's garbage collector to trace). In device-id order (code
 * units), so a device known by its span's index needs no sorting when the run is recorded.
 */
export interface PackedSpans {
  ids: PackedStrings;
  snapshotHashes: PackedStrings;
  outcomeHashes: PackedStrings;
  /** Each span's previous state, as an index into `states` (most devices share one). */
  stateOf: Uint32Array;
  states: PreviousState[];
}

export function packStrings(list: readonly string[]): PackedStrings {
  const starts = new Uint32Array(list.length + 1);
  for (let i = 0; i < list.length; i++) starts[i + 1] = starts[i]! + list[i]!.length;
  return { text: list.join(""), starts };
}

/** The open spans of `PreviousRun.spans`, sorted by device id. */
export function packSpans(spans: ReadonlyMap<string, OpenSpan>): PackedSpans {
  let ids: string[] = [];
  let held: OpenSpan[] = [];
  // forEach rather than for-of: no [id, span] pair made per device.
  spans.forEach((span, id) => {
    ids.push(id);
    held.push(span);
  });
  const order = idOrder(ids);
  if (order !== undefined) [ids, held] = [order.map((i) => ids[i]!), order.map((i) => held[i]!)];
  const states: PreviousState[] = [];
  const stateIndex = new Map<PreviousState, number>();
  const stateOf = new Uint32Array(held.length);
  for (let i = 0; i < held.length; i++) {
    const next = held[i]!.next;
    let s = stateIndex.get(next);
    if (s === undefined) stateIndex.set(next, (s = states.push(next) - 1));
    stateOf[i] = s;
  }
  return {
    ids: packStrings(ids),
    snapshotHashes: packStrings(held.map((s) => s.snapshotHash)),
    outcomeHashes: packStrings(held.map((s) => s.outcomeHash)),
    stateOf,
    states,
  };
}

/**
 * The places of `ids` in id order, or `undefined` when they are in order already. A store reads
 * its spans mostly in order (a run writes its new rows in id order, among a few hundred out of
 * place): one pass keeps the ids that rise, and only the others are sorted and merged in, about a
 * quarter of the comparisons of sorting them all (100,000 ids, 203 out of place).
 */
function idOrder(ids: readonly string[]): number[] | undefined {
  const rising: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < ids.length; i++)
    if (rising.length === 0 || ids[rising[rising.length - 1]!]! < ids[i]!) rising.push(i);
    else rest.push(i);
  if (rest.length === 0) return undefined;
  rest.sort((a, b) => byDeviceId(ids[a]!, ids[b]!));
  const order: number[] = [];
  let r = 0;
  for (const i of rising) {
    for (; r < rest.length && ids[rest[r]!]! < ids[i]!; r++) order.push(rest[r]!);
    order.push(i);
  }
  for (; r < rest.length; r++) order.push(rest[r]!);
  return order;
}

const slice = (p: PackedStrings, i: number) => p.text.slice(p.starts[i], p.starts[i + 1]);

/**
 * Finds devices among packed spans by id: first at the place after the last one found (a fleet
 * read in id order finds every device there), else in an open-addressing table of span indexes
 * keyed by a hash of the id, built once per thread (no Map of 100,000 strings).
 */
export class SpanIndex {
  private table: Int32Array | undefined;
  private mask = 0;
  private last = -1;

  constructor(readonly spans: PackedSpans) {}

  get size(): number {
    return this.spans.stateOf.length;
  }

  /** The index of the span of device `id`, or -1 when it has none. */
  find(id: string): number {
    const next = this.last + 1;
    if (next < this.size && this.is(next, id)) return (this.last = next);
    const table = (this.table ??= this.build());
    let slot = hashOf(id, 0, id.length) & this.mask;
    for (let at = table[slot]!; at !== 0; at = table[(slot = (slot + 1) & this.mask)]!)
      if (this.is(at - 1, id)) return (this.last = at - 1);
    return -1;
  }

  id(i: number): string {
    return slice(this.spans.ids, i);
  }

  snapshotHash(i: number): string {
    return slice(this.spans.snapshotHashes, i);
  }

  outcomeHash(i: number): string {
    return slice(this.spans.outcomeHashes, i);
  }

  next(i: number): PreviousState {
    return this.spans.states[this.spans.stateOf[i]!]!;
  }

  /** The table, made at the first device not found in order: recording a run reads spans by index only. */
  private build(): Int32Array {
    let size = 16;
    while (size < 2 * this.size) size *= 2;
    const table = new Int32Array(size);
    this.mask = size - 1;
    const { text, starts } = this.spans.ids;
    for (let i = 0; i < this.size; i++) {
      let slot = hashOf(text, starts[i]!, starts[i + 1]!) & this.mask;
      while (table[slot] !== 0) slot = (slot + 1) & this.mask;
      // Stored plus one: 0 is an empty slot.
      table[slot] = i + 1;
    }
    return table;
  }

  private is(i: number, id: string): boolean {
    const { text, starts } = this.spans.ids;
    const start = starts[i]!;
    return starts[i + 1]! - start === id.length && text.startsWith(id, start);
  }
}

/** FNV-1a over the code units of `text` from `start` to `end`. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
