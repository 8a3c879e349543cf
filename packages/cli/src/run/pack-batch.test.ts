import { describe, expect, it } from "vitest";
import { errorRecord, type SnapshotRecord } from "../input/snapshot-record.js";
import { packBatch, unpackBatch } from "./pack-batch.js";

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

  it("moves the bytes: after the transfer the sender's buffer is detached", () => {
    const { batch, transfer } = packBatch([line("a.ndjson", 0, '{"id":"a"}', 1)]);
    structuredClone(batch, { transfer });
    expect(batch.bytes.byteLength).toBe(0);
  });
});
