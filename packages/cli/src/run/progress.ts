/** A one-line progress display on standard error: only on a terminal, never with --quiet or on a pipe. */
export class Progress {
  private count = 0;
  private readonly started = Date.now();
  private last = 0;
  private readonly enabled: boolean;

  constructor(quiet: boolean | undefined) {
    this.enabled = quiet !== true && process.stderr.isTTY === true;
  }

  tick(n: number): void {
    this.count += n;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const rate = (this.count * 1000) / Math.max(1, now - this.started);
    process.stderr.write(`\r\u001b[2K${this.count.toLocaleString("en-US")} devices  ${Math.round(rate).toLocaleString("en-US")}/s`);
  }

  done(): void {
    if (this.enabled) process.stderr.write("\r\u001b[2K");
  }
}
