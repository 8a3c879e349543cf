import { createHash } from "node:crypto";

/** A seeded pseudo-random source: the same seed gives the same inputs on every machine. */
export type Random = () => number;

/** Numbers in [0, 1) from SHA-256 of the seed and a counter: a few calls per case, so its speed does not matter. */
export function randomFrom(seed: number): Random {
  let block: Buffer = Buffer.alloc(0);
  let at = 0;
  let counter = 0;
  return () => {
    if (at + 4 > block.length) {
      block = createHash("sha256").update(`${seed}:${counter++}`).digest();
      at = 0;
    }
    const value = block.readUInt32BE(at);
    at += 4;
    return value / 2 ** 32;
  };
}

/** The seed of one case: iteration `i` of target `name` under run seed `seed`, so any case replays alone. */
export function caseSeed(seed: number, name: string, i: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const c of `${name}:${i}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Inputs never grow past this: big enough for every size limit's edge, small enough for thousands of cases. */
const MAX_BYTES = 1 << 20;

/** Shapes that broke parsers before: deep nesting, long strings, YAML aliases, BOMs, escapes, huge numbers. */
const HOSTILE = [
  "[".repeat(200),
  "{".repeat(200),
  "(".repeat(200),
  `"${"a".repeat(70_000)}"`,
  "$a".repeat(5_000),
  "&a [*a, *a, *a] ",
  "*a",
  "\uFEFF",
  "\u0000",
  "\r",
  "\u001b[2J",
  "\\u{110000}",
  "1e999",
  "99999999999d",
  "not not not not ",
  "\ud800",
  "__proto__",
  "constructor",
];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * One to four stacked mutations of `input`: bit flips, byte inserts and deletes, duplicated or
 * repeated ranges, a token of the target's grammar, a hostile shape, a splice from another seed,
 * a truncation. Never longer than 1 MiB.
 */
export function mutate(
  input: Uint8Array,
  random: Random,
  dictionary: readonly string[],
  donors: readonly Uint8Array[],
): Uint8Array {
  let bytes = Buffer.from(input);
  const steps = 1 + Math.floor(random() * 4);
  for (let step = 0; step < steps; step++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const span = Math.min(bytes.length - at, 1 + Math.floor(random() * 64));
    const insert = (chunk: Uint8Array) => (bytes = Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]));
    switch (Math.floor(random() * 9)) {
      case 0:
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)]! ^= 1 << Math.floor(random() * 8);
        break;
      case 1:
        insert(Buffer.from([Math.floor(random() * 256)]));
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + span)]);
        break;
      case 3:
        insert(bytes.subarray(at, at + span));
        break;
      case 4:
        insert(
          Buffer.from(
            bytes
              .subarray(at, at + span)
              .toString("latin1")
              .repeat(1 + Math.floor(random() * 200)),
            "latin1",
          ),
        );
        break;
      case 5:
        insert(Buffer.from(pick(random, dictionary)));
        break;
      case 6:
        insert(Buffer.from(pick(random, HOSTILE)));
        break;
      case 7: {
        const donor = pick(random, donors);
        const from = Math.floor(random() * donor.length);
        insert(donor.subarray(from, from + Math.floor(random() * 512)));
        break;
      }
      default:
        bytes = bytes.subarray(0, at);
    }
    if (bytes.length > MAX_BYTES) bytes = bytes.subarray(0, MAX_BYTES);
  }
  return bytes;
}
