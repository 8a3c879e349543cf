import type { CapturedDevice } from "./capture-device.js";
import type { PackedSpans } from "./open-spans.js";
import type { RecordedDevice } from "./record-run.js";

/** A device captured whole (it changed, or has no open span), with its tally share. */
export type ChangedDevice = RecordedDevice & { tally: string };

/**
 * A stretch of a daily run's devices as captured (`captureChange`), in the order captured, kept
 * flat: per device its open span's index in the run's `PackedSpans` (-1 for a device without
 * one) and its tally share; the volatile texts joined; only the devices that changed as objects.
 * It is what crosses from a worker thread per batch and what the main thread keeps until the
 * run is recorded: 100,000 objects held there for the length of the evaluation tripled its time
 * in garbage collection.
 */
export interface CapturedBatch {
  span: Int32Array;
  /** Per device: its tally share, as an index into `shares` (each share once per batch). */
  shareOf: Uint32Array;
  shares: string[];
  /** The devices' volatile texts (`volatileText`) joined with "\n", "" for a device without any. */
  volatile: string;
  /** How many of the devices have volatile fields. */
  volatiles: number;
  /** The devices captured whole, by their place in the batch (ascending). */
  changed: { at: number; device: ChangedDevice }[];
}

/** Collects captured devices into a `CapturedBatch`. */
export class BatchCapture {
  private span: number[] = [];
  private shareOf: number[] = [];
  private shares: string[] = [];
  private shareIndex = new Map<string, number>();
  // The volatile texts of the last few devices, and those before them joined in pieces: a text
  // held until the batch ends would outlive a scavenge or two and be copied, then promoted.
  private texts: string[] = [];
  private pieces: string[] = [];
  private volatiles = 0;
  private changed: { at: number; device: ChangedDevice }[] = [];

  get length(): number {
    return this.span.length;
  }

  /** `device` as `captureChange` gave it, and the index of its open span (-1 when it has none). */
  add(device: CapturedDevice, span: number): void {
    if (!("unchanged" in device)) this.changed.push({ at: this.span.length, device });
    else if (span < 0) throw new Error(`internal error: device ${device.id} is unchanged without an open span (a bug)`);
    let share = this.shareIndex.get(device.tally);
    if (share === undefined) this.shareIndex.set(device.tally, (share = this.shares.push(device.tally) - 1));
    this.span.push(span);
    this.shareOf.push(share);
    if (device.volatile !== undefined) this.volatiles++;
    if (this.texts.push(device.volatile ?? "") === 256) {
      this.pieces.push(this.texts.join("\n"));
      this.texts = [];
    }
  }

  /** The batch so far (undefined when empty); the capture starts again empty. */
  take(): CapturedBatch | undefined {
    if (this.span.length === 0) return undefined;
    const batch: CapturedBatch = {
      span: Int32Array.from(this.span),
      shareOf: Uint32Array.from(this.shareOf),
      shares: this.shares,
      volatile: (this.texts.length === 0 ? this.pieces : [...this.pieces, this.texts.join("\n")]).join("\n"),
      volatiles: this.volatiles,
      changed: this.changed,
    };
    this.span = [];
    this.shareOf = [];
    this.shares = [];
    this.shareIndex = new Map();
    this.texts = [];
    this.pieces = [];
    this.volatiles = 0;
    this.changed = [];
    return batch;
  }
}

/**
 * Every device of a daily run as captured, in the order captured (the first of a device id met
 * twice is the one recorded): batches from worker threads and devices captured on this thread.
 * `spans` are the open spans the span indexes point into: the run's base, packed.
 */
export class CapturedRun {
  private readonly held: CapturedBatch[] = [];
  private readonly here = new BatchCapture();

  constructor(readonly spans: PackedSpans) {}

  /** A device captured on this thread. */
  add(device: CapturedDevice, span: number): void {
    this.here.add(device, span);
    // Taken in stretches: a few thousand texts live at once, not the whole fleet's.
    if (this.here.length >= 4096) this.flush();
  }

  /** A batch captured on a worker thread: it comes after every device captured before it. */
  addBatch(batch: CapturedBatch): void {
    this.flush();
    this.held.push(batch);
  }

  get batches(): readonly CapturedBatch[] {
    this.flush();
    return this.held;
  }

  private flush(): void {
    const batch = this.here.take();
    if (batch !== undefined) this.held.push(batch);
  }
}
