import { describe, expect, it } from "vitest";
import { errorRecord, type SnapshotRecord } from "../input/snapshot-record.js";
import { packBatch, unpackBatch } from "./pack-batch.js";
import { parseRaw } from "../input/read-snapshots.js";

const line = (source: string, index: number, text: string, at?: number): SnapshotRecord => ({
  source,
  index,
  ...(at === undefined ? {} : { line: at }),
  raw: Buffer.from(text),
});

describe("packBatch / unpackBatch", () => {
  it("gives back every record in order: raw lines from several files, read errors and empty lines", () => {
    const records = [
      line("a.ndjson", 7, '{"id":"é"}', 9),
      errorRecord("a.ndjson", 8, 10, "CP5010", { limit: 16 }),
      line("a.ndjson", 9, "", 11),
      line("b.ndjson", 10, '{"id":"b"}', 1),
      line("-", 11, "{bad"),
    ];
    const { batch, transfer } = packBatch(records);
    expect(transfer).toHaveLength(5);
    const back = unpackBatch(structuredClone(batch, { transfer }));
    expect(back.map((r) => ({ ...r, raw: r.raw === undefined ? undefined : Buffer.from(r.raw).toString() }))).toEqual(
      records.map((r) => ({ ...r, raw: r.raw === undefined ? undefined : Buffer.from(r.raw).toString() })),
    );
  });

  it("decodes an ASCII batch at once: each line is a slice of its text, with its bytes only when asked for", () => {
    const records = [line("a.ndjson", 0, '{"id":"a"}', 1), line("a.ndjson", 1, '{"id":"b","n":2}', 2)];
    for (const withBytes of [true, false]) {
      const { batch, transfer } = packBatch(records);
      const back = unpackBatch(structuredClone(batch, { transfer }), withBytes);
      expect(back.map((r) => r.rawText)).toEqual(['{"id":"a"}', '{"id":"b","n":2}']);
      expect(back.map((r) => r.raw === undefined)).toEqual([!withBytes, !withBytes]);
      expect(back.map((r) => parseRaw(r).value)).toEqual([{ id: "a" }, { id: "b", n: 2 }]);
    }
  });

  it("slices lines of a batch larger than one decoded piece, an error record and longer lines among them", () => {
    const texts = Array.from({ length: 300 }, (_, i) => `{"id":"${i}","pad":"${"x".repeat((i * 397) % 5000)}"}`);
    texts[7] = `{"id":"long","pad":"${"y".repeat(100_000)}"}`;
    const records = texts.map((t, i) => line("a.ndjson", i, t, i + 1));
    records.splice(120, 0, errorRecord("a.ndjson", 120, 121, "CP5010", { limit: 16 }));
    const { batch, transfer } = packBatch(records);
    const back = unpackBatch(structuredClone(batch, { transfer }), false);
    expect(back.filter((r) => r.error === undefined).map((r) => r.rawText)).toEqual(texts);
    expect(back[120]!.error?.code).toBe("CP5010");
  });

  it("keeps the bytes of a batch that is not ASCII, each line decoded on its own", () => {
    // A UTF-8 character split between two lines must not be decoded as one.
    const euro = Buffer.from("\u20ac");
    const first = { ...line("a.ndjson", 0, "", 1), raw: Buffer.concat([Buffer.from('"x'), euro.subarray(0, 2)]) };
    const second = { ...line("a.ndjson", 1, "", 2), raw: Buffer.concat([euro.subarray(2), Buffer.from('"')]) };
    const { batch, transfer } = packBatch([first, line("a.ndjson", 2, '"é"', 3), second]);
    const back = unpackBatch(structuredClone(batch, { transfer }), false);
    expect(back.map((r) => r.rawText)).toEqual([undefined, undefined, undefined]);
    expect(back.map((r) => Buffer.from(r.raw!).toString())).toEqual(['"x\ufffd', '"é"', '\ufffd"']);
    expect(parseRaw(back[1]!).value).toBe("é");
  });

  it("moves the bytes: after the transfer the sender's buffer is detached", () => {
    const { batch, transfer } = packBatch([line("a.ndjson", 0, '{"id":"a"}', 1)]);
    structuredClone(batch, { transfer });
    expect(batch.bytes.byteLength).toBe(0);
  });
});
