/** Where progress goes and what time it is: standard error and the clock, replaceable in tests. */
export interface ProgressOptions {
  /** Input bytes in total, when every input is a file (stdin has no known size). */
  totalBytes?: number;
  stream?: { isTTY?: boolean; write(text: string): unknown };
  clock?: () => number;
}

const WIDTH = 24;

/**
 * A one-line progress display on standard error: only on a terminal, never with --quiet or
 * on a pipe. It shows devices and devices per second; when the input size is known, also a
 * bar and an ETA from the share of input bytes read (compressed bytes for `.gz`).
 */
export class Progress {
  private count = 0;
  private bytesRead = 0;
  private last = 0;
  private readonly started: number;
  private readonly stream: NonNullable<ProgressOptions["stream"]>;
  private readonly clock: () => number;
  private readonly total: number | undefined;
  /** Whether anything is drawn; callers skip byte counting when not. */
  readonly enabled: boolean;

  constructor(quiet: boolean | undefined, options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.clock = options.clock ?? Date.now;
    this.started = this.clock();
    this.total = options.totalBytes !== undefined && options.totalBytes > 0 ? options.totalBytes : undefined;
    this.enabled = quiet !== true && this.stream.isTTY === true;
  }

  /** Input bytes read so far grew by `n`. */
  bytes(n: number): void {
    this.bytesRead += n;
  }

  /** `n` more devices have been written. */
  tick(n: number): void {
    this.count += n;
    if (!this.enabled) return;
    const now = this.clock();
    if (now - this.last < 200) return;
    this.last = now;
    this.stream.write(`\r\u001b[2K${this.line(now)}`);
  }

  /** The text of the progress line at `now`. */
  line(now: number): string {
    const elapsed = Math.max(1, now - this.started);
    const rate = (this.count * 1000) / elapsed;
    const devices = `${this.count.toLocaleString("en-US")} ${this.count === 1 ? "device" : "devices"}`;
    const counts = `${devices}  ${Math.round(rate).toLocaleString("en-US")}/s`;
    if (this.total === undefined) return counts;
    const share = Math.min(1, this.bytesRead / this.total);
    const filled = Math.round(share * WIDTH);
    const bar = `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
    // The remaining time assumes the rest of the input reads at the pace so far.
    const eta = share > 0 ? `  ETA ${duration(((1 - share) * elapsed) / share)}` : "";
    return `${bar}  ${counts}${eta}`;
  }

  done(): void {
    if (this.enabled) this.stream.write("\r\u001b[2K");
  }
}

/** `0:07`, `12:30`, `1:02:03`. */
export function duration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
