import { createHash, type Hash } from "node:crypto";

/** What a run's content hash covers besides its device rows (schema version 4 on). */
export interface RunExtras {
  volatileHash?: string | null;
  redacted?: boolean;
}

/**
 * sha256 over a run's sorted (device, snapshot, outcome) triples, then the hash of its
 * volatile fields and its redaction, when it has them (so runs recorded before those
 * existed keep their hash).
 */
export function contentHash(triples: string[], extras: RunExtras = {}): string {
  return createHash("sha256")
    .update(triples.sort().join("\n") + extrasText(extras))
    .digest("hex");
}

function extrasText(extras: RunExtras): string {
  let text = "";
  if (extras.volatileHash !== undefined && extras.volatileHash !== null) text += `\nvolatile\t${extras.volatileHash}`;
  if (extras.redacted === true) text += "\nredacted";
  return text;
}

/**
 * `contentHash` fed one triple at a time. Triples that come in sorted order (a run's devices
 * sorted by id almost always give them so) go into the hash as they come, a chunk of text at a
 * time: building, sorting and joining 100,000 triple strings cost four times the hashing. The
 * first triple out of order makes it keep them all, sorted at the end, so the hash is the same
 * whatever the order.
 */
export class ContentHasher {
  private readonly hash: Hash = createHash("sha256");
  private chunk = "";
  private last: string | undefined;
  private kept: string[] | undefined;
  private hashed: string[] = [];

  add(triple: string): void {
    if (this.kept !== undefined) {
      this.kept.push(triple);
      return;
    }
    if (this.last !== undefined && !(this.last < triple)) {
      // Out of order (or repeated): start again from every triple, sorted at the end.
      this.kept = [...this.hashed, triple];
      return;
    }
    this.chunk += this.last === undefined ? triple : `\n${triple}`;
    this.last = triple;
    this.hashed.push(triple);
    if (this.chunk.length >= 1 << 16) {
      this.hash.update(this.chunk);
      this.chunk = "";
    }
  }

  digest(extras: RunExtras = {}): string {
    if (this.kept !== undefined) return contentHash(this.kept, extras);
    return this.hash.update(this.chunk + extrasText(extras)).digest("hex");
  }
}
