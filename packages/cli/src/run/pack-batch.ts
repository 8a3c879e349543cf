import { isAscii } from "node:buffer";
import type { SnapshotRecord } from "../input/snapshot-record.js";

/**
 * A batch of records as it crosses to a worker thread: the NDJSON lines' bytes in one
 * transferred buffer (moved, not copied, and never decoded on the reading thread) with their
 * positions in typed arrays; the few records that are not raw lines (read errors) go as they are.
 */
export interface PackedBatch {
  bytes: Uint8Array;
  /** Per record: the end of its bytes in `bytes` (a record without bytes ends where the last did). */
  ends: Int32Array;
  /** Per record: its 1-based line, or 0 when it has none. */
  lines: Int32Array;
  /** Per record: its 0-based position in the whole input. */
  indices: Float64Array;
  /** Per record: its source, as an index into `sources`. */
  sourceOf: Uint16Array;
  sources: string[];
  /** Records that are not raw lines, by their position in the batch. */
  others: { at: number; record: SnapshotRecord }[];
}

/** Packs records for `postMessage`; the returned buffers are to be transferred with it. */
export function packBatch(records: readonly SnapshotRecord[]): { batch: PackedBatch; transfer: ArrayBuffer[] } {
  let size = 0;
  for (const r of records) if (r.raw !== undefined && r.error === undefined) size += r.raw.byteLength;
  // Not zeroed: every byte is written below. Its own ArrayBuffer (not the shared pool), so it can be transferred.
  const bytes = Buffer.allocUnsafeSlow(size);
  const n = records.length;
  const batch: PackedBatch = {
    bytes,
    ends: new Int32Array(n),
    lines: new Int32Array(n),
    indices: new Float64Array(n),
    sourceOf: new Uint16Array(n),
    sources: [],
    others: [],
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    if (r.raw !== undefined && r.error === undefined) {
      bytes.set(r.raw, at);
      at += r.raw.byteLength;
    } else batch.others.push({ at: i, record: r });
    batch.ends[i] = at;
    batch.lines[i] = r.line ?? 0;
    batch.indices[i] = r.index;
    // A batch spans at most a few files: a linear search of the sources seen is enough.
    let source = batch.sources.lastIndexOf(r.source);
    if (source < 0) source = batch.sources.push(r.source) - 1;
    batch.sourceOf[i] = source;
  }
  const transfer = [bytes, batch.ends, batch.lines, batch.indices, batch.sourceOf].map((a) => a.buffer as ArrayBuffer);
  return { batch, transfer };
}

/** Bytes of an ASCII batch decoded at a time: a whole batch's text (~200 KB) was a large V8 object, mapped and unmapped per batch. */
const PIECE = 1 << 15;

/**
 * The records of a packed batch. An ASCII batch (nearly every fleet) is decoded a few dozen lines
 * at a time and each line is a slice of their text (`rawText`), rather than a view decoded on its
 * own (a Buffer made and a decoder called per line); `withBytes` also keeps each line's bytes
 * (`raw`, a view into the batch's), which `--history` hashes. Other batches' lines are their
 * bytes, decoded one by one.
 */
export function unpackBatch(batch: PackedBatch, withBytes = true): SnapshotRecord[] {
  const records: SnapshotRecord[] = [];
  // Views of a Buffer are Buffers: each line is decoded without making another view first.
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  // ASCII reads the same as latin1 and UTF-8, one byte per character: offsets in bytes are offsets in the text.
  const ascii = isAscii(bytes);
  const keepBytes = withBytes || !ascii;
  const { ends } = batch;
  // The decoded piece: its text and where it starts and ends in `bytes`.
  let piece = "";
  let pieceStart = 0;
  let pieceEnd = 0;
  let other = 0;
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    if (batch.others[other]?.at === i) records.push(batch.others[other++]!.record);
    else {
      const line = batch.lines[i]!;
      const source = batch.sources[batch.sourceOf[i]!]!;
      const index = batch.indices[i]!;
      const raw = keepBytes ? bytes.subarray(start, end) : undefined;
      let rawText: string | undefined;
      if (ascii) {
        if (end > pieceEnd) {
          // The next piece: this line and the ones after it, up to PIECE bytes (or this line alone).
          let last = i;
          while (last + 1 < ends.length && ends[last + 1]! - start <= PIECE) last++;
          pieceStart = start;
          pieceEnd = Math.max(end, ends[last]!);
          piece = bytes.toString("latin1", pieceStart, pieceEnd);
        }
        rawText = piece.slice(start - pieceStart, end - pieceStart);
      }
      // Literals rather than a spread, which copied an object per record (an absent member is left undefined).
      records.push(line === 0 ? { source, index, raw, rawText } : { source, index, line, raw, rawText });
    }
    start = end;
  }
  return records;
}
