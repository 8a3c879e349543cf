import type { PreviousState } from "@tenet/evaluator";
import { joinValues } from "../driver/packed-rows.js";
import type { OpenSpan } from "./previous-run.js";
import { byDeviceId } from "./volatile-fields.js";

/**
 * The store's open spans as a daily run's evaluating threads share them: one text and typed
 * arrays instead of three strings and an object per device (a message copies each one, and each
 * is one more for every thread's garbage collector to trace). Each span's id and hashes are slices
 * of `text`, which is the store's answer as read when it comes packed (`readPreviousRun`), so no
 * value is copied. In device-id order (code units), so a device known by its span's index needs
 * no sorting when the run is recorded.
 */
export interface PackedSpans {
  text: string;
  /** Where span i's field f (0: id, 1: snapshot hash, 2: outcome hash) starts and ends in `text`, at `3 * i + f`. */
  start: Uint32Array;
  end: Uint32Array;
  /** Each span's previous state, as an index into `states` (most devices share one). */
  stateOf: Uint32Array;
  states: PreviousState[];
}

/**
 * Packs spans whose fields are slices of `text` (`start`/`end` as in `PackedSpans`, in any
 * order), sorted by id; `next(i)` is span i's previous state (states are shared by identity).
 */
export function packSpanFields(
  text: string,
  start: Uint32Array,
  end: Uint32Array,
  next: (i: number) => PreviousState,
): PackedSpans {
  const n = start.length / 3;
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = text.slice(start[3 * i], end[3 * i]);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = ids[i - 1]! < ids[i]!;
  // A store reads its spans mostly in order (a run writes its rows in id order): the sort takes the ordered stretches as they are.
  const order = sorted ? undefined : ids.map((_, i) => i).sort((a, b) => byDeviceId(ids[a]!, ids[b]!));
  const packed: PackedSpans = {
    text,
    start: order === undefined ? start : new Uint32Array(start.length),
    end: order === undefined ? end : new Uint32Array(end.length),
    stateOf: new Uint32Array(n),
    states: [],
  };
  const stateIndex = new Map<PreviousState, number>();
  for (let i = 0; i < n; i++) {
    const from = order === undefined ? i : order[i]!;
    if (order !== undefined)
      for (let f = 0; f < 3; f++) {
        packed.start[3 * i + f] = start[3 * from + f]!;
        packed.end[3 * i + f] = end[3 * from + f]!;
      }
    const state = next(from);
    let s = stateIndex.get(state);
    if (s === undefined) stateIndex.set(state, (s = packed.states.push(state) - 1));
    packed.stateOf[i] = s;
  }
  return packed;
}

/** Open spans given as a Map (`PreviousRun.spans` of a base made by hand), packed. */
export function packSpans(spans: ReadonlyMap<string, OpenSpan>): PackedSpans {
  const fields: string[] = [];
  const held: OpenSpan[] = [];
  spans.forEach((span, id) => {
    fields.push(id, span.snapshotHash, span.outcomeHash);
    held.push(span);
  });
  const { text, start, end } = joinValues(fields);
  return packSpanFields(text, start, end, (i) => held[i]!.next);
}

/** The spans of `packed` by id, as `PreviousRun.spans` gives them. */
export function unpackSpans(packed: PackedSpans): Map<string, OpenSpan> {
  const spans = new Map<string, OpenSpan>();
  const index = new SpanIndex(packed);
  for (let i = 0; i < index.size; i++)
    spans.set(index.id(i), {
      snapshotHash: index.snapshotHash(i),
      outcomeHash: index.outcomeHash(i),
      next: index.next(i),
    });
  return spans;
}

const field = (p: PackedSpans, k: number) => p.text.slice(p.start[k], p.end[k]);

/**
 * Finds devices among packed spans by id: first at the place after the last one found (a fleet
 * read in id order finds every device there but the first of each batch), else by bisecting the
 * ids; once that has happened often (a fleet in another order), in an open-addressing table of
 * span indexes keyed by a hash of the id, built once per thread (no Map of 100,000 strings).
 */
export class SpanIndex {
  private table: Int32Array | undefined;
  private mask = 0;
  private last = -1;
  private bisected = 0;

  constructor(readonly spans: PackedSpans) {}

  get size(): number {
    return this.spans.stateOf.length;
  }

  /** The index of the span of device `id`, or -1 when it has none. */
  find(id: string): number {
    const next = this.last + 1;
    if (next < this.size && this.is(next, id)) return (this.last = next);
    // A table of 100,000 spans took 13 ms to build, a bisection 3-7 µs: a fleet in id order bisects once a batch.
    if (this.table === undefined && this.bisected++ < 1024) {
      const at = this.bisect(id);
      if (at >= 0) this.last = at;
      return at;
    }
    const table = (this.table ??= this.build());
    let slot = hashOf(id, 0, id.length) & this.mask;
    for (let at = table[slot]!; at !== 0; at = table[(slot = (slot + 1) & this.mask)]!)
      if (this.is(at - 1, id)) return (this.last = at - 1);
    return -1;
  }

  id(i: number): string {
    return field(this.spans, 3 * i);
  }

  snapshotHash(i: number): string {
    return field(this.spans, 3 * i + 1);
  }

  outcomeHash(i: number): string {
    return field(this.spans, 3 * i + 2);
  }

  next(i: number): PreviousState {
    return this.spans.states[this.spans.stateOf[i]!]!;
  }

  private bisect(id: string): number {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.id(mid);
      if (at === id) return mid;
      if (at < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The table, made when bisecting has become too frequent: recording a run reads spans by index only. */
  private build(): Int32Array {
    let size = 16;
    while (size < 2 * this.size) size *= 2;
    const table = new Int32Array(size);
    this.mask = size - 1;
    const { text, start, end } = this.spans;
    for (let i = 0; i < this.size; i++) {
      let slot = hashOf(text, start[3 * i]!, end[3 * i]!) & this.mask;
      while (table[slot] !== 0) slot = (slot + 1) & this.mask;
      // Stored plus one: 0 is an empty slot.
      table[slot] = i + 1;
    }
    return table;
  }

  private is(i: number, id: string): boolean {
    const { text, start, end } = this.spans;
    const from = start[3 * i]!;
    return end[3 * i]! - from === id.length && text.startsWith(id, from);
  }
}

/** FNV-1a over the code units of `text` from `start` to `end`. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
