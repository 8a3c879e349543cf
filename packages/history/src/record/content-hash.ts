import { createHash, type Hash } from "node:crypto";
import { sha256 } from "./canonical-json.js";

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
  return sha256(triples.sort().join("\n") + extrasText(extras));
}

function extrasText(extras: RunExtras): string {
  let text = "";
  if (extras.volatileHash !== undefined && extras.volatileHash !== null) text += `\nvolatile\t${extras.volatileHash}`;
  if (extras.redacted === true) text += "\nredacted";
  return text;
}

/**
 * `contentHash` for triples given one at a time in sorted order, as a run's devices sorted by id
 * almost always give them: each goes into the hash as it comes, a chunk of text at a time
 * (building, sorting and joining 100,000 triple strings cost four times the hashing). `digest`
 * is undefined when a triple came out of order (an id that another extends with a character
 * sorting before the tab): the caller then hashes them all with `contentHash`.
 */
export class ContentHasher {
  private readonly hash: Hash = createHash("sha256");
  private chunk = "";
  private last: string | undefined;
  private inOrder = true;

  add(triple: string): void {
    if (!this.inOrder) return;
    if (this.last !== undefined && !(this.last < triple)) {
      this.inOrder = false;
      return;
    }
    this.chunk += this.last === undefined ? triple : `\n${triple}`;
    this.last = triple;
    if (this.chunk.length >= 1 << 16) {
      this.hash.update(this.chunk);
      this.chunk = "";
    }
  }

  digest(extras: RunExtras = {}): string | undefined {
    return this.inOrder ? this.hash.update(this.chunk + extrasText(extras)).digest("hex") : undefined;
  }
}
