import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { byDeviceId } from "./volatile-fields.js";
import { ContentHasher, contentHash, type RunExtras } from "./content-hash.js";

/** The definition runs were first hashed with: the sorted triples joined, then the extras. */
function definition(triples: string[], extras: RunExtras): string {
  let text = [...triples].sort().join("\n");
  if (extras.volatileHash !== undefined && extras.volatileHash !== null) text += `\nvolatile\t${extras.volatileHash}`;
  if (extras.redacted === true) text += "\nredacted";
  return createHash("sha256").update(text).digest("hex");
}

const hex = (s: string) => createHash("sha256").update(s).digest("hex");
const triple = (id: string, k = 0) => `${id}\t${hex(`s${id}${k}`)}\t${hex(`o${id}`)}`;

/** As recording hashes a run: streamed, or all sorted when one came out of order. */
function streamed(triples: string[], extras: RunExtras): string | undefined {
  const hasher = new ContentHasher();
  for (const t of triples) hasher.add(t);
  return hasher.digest(extras);
}

describe("content hash", () => {
  // Enough triples for several chunks; ids in id order, non-ASCII and astral ones among them.
  const ids = Array.from({ length: 3000 }, (_, i) => `dev-${String(i).padStart(5, "0")}${i % 7 === 0 ? "é😀" : ""}`);
  const extras: RunExtras[] = [{}, { volatileHash: hex("v") }, { volatileHash: null, redacted: true }];

  it("streams triples that come in id order to the hash the definition gives", () => {
    const triples = [...ids].sort(byDeviceId).map((id) => triple(id));
    for (const e of extras) {
      expect(streamed(triples, e)).toBe(definition(triples, e));
      expect(contentHash([...triples], e)).toBe(definition(triples, e));
    }
  });

  it("gives no hash for triples out of order, wherever the first one out of order comes, nor for one repeated", () => {
    const triples = ids.map((id) => triple(id));
    const reversed = [...triples].reverse();
    const late = [...triples.slice(0, 2500), triples[2999]!, ...triples.slice(2500, 2999)];
    const repeated = [...triples.slice(0, 10), triples[9]!];
    for (const order of [reversed, late, repeated]) {
      expect(streamed(order, {})).toBeUndefined();
      for (const e of extras) expect(contentHash([...order], e)).toBe(definition(order, e));
    }
  });

  it("sorts by the whole triple where id order differs from it (an id that extends another with a control character)", () => {
    // "a" < "a\u0001" as ids, but "a\t..." > "a\u0001\t..." as triples: the tab sorts after \u0001.
    const inIdOrder = ["a", "a\u0001", "b"].map((id) => triple(id));
    expect(streamed(inIdOrder, {})).toBeUndefined();
    expect(contentHash([...inIdOrder], {})).toBe(definition(inIdOrder, {}));
    expect(definition(inIdOrder, {})).not.toBe(createHash("sha256").update(inIdOrder.join("\n")).digest("hex"));
  });

  it("hashes a run without devices as the definition does", () => {
    for (const e of extras) expect(streamed([], e)).toBe(definition([], e));
  });
});
