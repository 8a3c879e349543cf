import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";

/**
 * An output file opened at a checkpointed length: bytes written after the last checkpoint
 * (a page cut short by a kill) are cut off, so a resumed pull appends where it left off.
 */
export class AppendFile {
  private readonly fd: number;

  constructor(
    readonly path: string,
    public bytes: number,
  ) {
    this.fd = openSync(path, bytes === 0 ? "w" : "r+");
    ftruncateSync(this.fd, bytes);
  }

  /** Appends `text` synchronously: the checkpoint written after it may count these bytes. */
  append(text: string): void {
    if (text === "") return;
    const buffer = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < buffer.length)
      offset += writeSync(this.fd, buffer, offset, buffer.length - offset, this.bytes + offset);
    this.bytes += buffer.length;
  }

  /** Empties the file. */
  reset(): void {
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}
