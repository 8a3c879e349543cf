import { appendFileSync, createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Text kept in memory before a spool moves to a temporary file. */
const IN_MEMORY = 1 << 20;

/**
 * Text that must be written after something only known at the end (JUnit's counts come
 * before its test cases). Small runs stay in memory; larger ones go to a temporary file, so
 * memory stays flat however many devices there are.
 */
export class Spool {
  private buffer = "";
  private dir: string | undefined;
  private readonly cleanup = () => this.dispose();

  append(text: string): void {
    this.buffer += text;
    if (this.buffer.length < IN_MEMORY) return;
    if (this.dir === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), "tenet-spool-"));
      process.once("exit", this.cleanup);
    }
    appendFileSync(this.file(), this.buffer);
    this.buffer = "";
  }

  /** Everything appended, as one string (for small outputs and tests). */
  text(): string {
    const text = this.dir === undefined ? this.buffer : readFileSync(this.file(), "utf8") + this.buffer;
    this.dispose();
    return text;
  }

  /** Writes everything appended in chunks, then removes the temporary file. */
  async drainTo(write: (chunk: string | Uint8Array) => Promise<void>): Promise<void> {
    try {
      if (this.dir !== undefined) for await (const chunk of createReadStream(this.file())) await write(chunk as Buffer);
      if (this.buffer !== "") await write(this.buffer);
    } finally {
      this.dispose();
    }
  }

  private file(): string {
    return join(this.dir!, "spool");
  }

  private dispose(): void {
    this.buffer = "";
    if (this.dir === undefined) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener("exit", this.cleanup);
  }
}
