import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundedLineBatches, type Line } from "./bounded-lines.js";

const SEED = 20261125;
const LIMIT = 24;

/** What the reader must give for `text`: its lines (CR before LF dropped), over-long ones as markers. */
function expected(text: string): Line[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) =>
    Buffer.byteLength(l) > LIMIT ? { tooLong: true } : { text: l.endsWith("\r") ? l.slice(0, -1) : l },
  );
}

async function read(bytes: Buffer, cuts: number[]): Promise<{ lines: Line[]; batches: number }> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  const lines: Line[] = [];
  let batches = 0;
  for await (const batch of boundedLineBatches(Readable.from(chunks), LIMIT)) {
    batches++;
    lines.push(...batch);
  }
  return { lines, batches };
}

describe("boundedLineBatches", () => {
  it("gives the same lines however the bytes are cut into chunks (multi-byte characters, CRLF, over-long lines)", async () => {
    console.log(`bounded-lines property seed ${SEED}`);
    const line = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.constantFrom("", "\r", "é€😀", "x".repeat(LIMIT), "x".repeat(LIMIT + 1)),
    );
    const text = fc
      .tuple(
        fc.array(
          line.map((l) => l.replace(/\n/g, "")),
          { maxLength: 12 },
        ),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([lines, crlf, trailing]) => lines.join(crlf ? "\r\n" : "\n") + (trailing ? "\n" : ""));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (t, cuts) => {
        const { lines } = await read(Buffer.from(t, "utf8"), cuts);
        expect(lines).toEqual(expected(t));
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it("yields the lines of one chunk together", async () => {
    const { lines, batches } = await read(Buffer.from("a\nb\nc\n"), []);
    expect(lines).toEqual([{ text: "a" }, { text: "b" }, { text: "c" }]);
    expect(batches).toBe(1);
  });
});
