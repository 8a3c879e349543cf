import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readSnapshotBatches } from "./read-snapshots.js";
import type { SnapshotRecord } from "./snapshot-record.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-lost-"));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** Reads like `check` does; `slow` waits after each batch, as a consumer whose output drains slowly. */
const read = async (files: string[], stdin?: Buffer | string, slow = 0) => {
  const out: SnapshotRecord[] = [];
  const input = Readable.from(stdin === undefined ? [] : [typeof stdin === "string" ? Buffer.from(stdin) : stdin]);
  for await (const batch of readSnapshotBatches(files, input)) {
    out.push(...batch);
    if (slow > 0) await sleep(slow);
  }
  return out;
};
const shape = (records: SnapshotRecord[]) =>
  records.map((r) =>
    r.error !== undefined ? `${r.error.code}@${r.line ?? "-"}` : String((r.value as { id?: string }).id),
  );
const ndjson = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `d${i}`, pad: "x".repeat(200) })).join("\n") + "\n";

describe("a truncated .gz", () => {
  it("yields every record decoded before the cut, then one input error, however slowly output drains", async () => {
    const whole = gzipSync(Buffer.from(ndjson(5_000)));
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    // What a decoder can recover from the cut bytes: the complete lines among them.
    const recoverable =
      gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8").split("\n").length - 1;
    const path = file("cut.ndjson.gz", cut);
    for (const slow of [0, 20]) {
      const records = await read([path], undefined, slow);
      expect(records.filter((r) => r.error === undefined)).toHaveLength(recoverable);
      expect(records.filter((r) => r.error !== undefined).map((r) => r.error!.code)).toEqual(["CP5002"]);
      expect(records.map((r) => r.index)).toEqual(records.map((_, i) => i));
    }
  });
});

describe("standard input format detection", () => {
  it("streams NDJSON whose first line is invalid: one error and every other record", async () => {
    const records = await read(["-"], `{"id": "a", oops}\n{"id":"b"}\n{"id":"c"}\n`);
    expect(shape(records)).toEqual(["CP5004@1", "b", "c"]);
  });

  it("streams NDJSON whose first line is binary or truncated", async () => {
    expect(shape(await read(["-"], `\u0001\u0002garbage\n{"id":"b"}\n{"id":"c"}\n`))).toEqual(["CP5004@1", "b", "c"]);
    expect(shape(await read(["-"], `{"id": "a", "deviceName": "unterminat\n{"id":"b"}\n`))).toEqual(["CP5004@1", "b"]);
  });

  it("reads NDJSON that starts with a byte-order mark", async () => {
    expect(shape(await read(["-"], `\uFEFF{"id":"a"}\n{"id":"b"}\n`))).toEqual(["a", "b"]);
  });

  it("still reads pretty-printed JSON, a Graph list and YAML as one document", async () => {
    expect(shape(await read(["-"], `{\n  "id": "a"\n}\n`))).toEqual(["a"]);
    expect(shape(await read(["-"], `{"value": [{"id":"a"},{"id":"b"}]}\n`))).toEqual(["a", "b"]);
    expect(shape(await read(["-"], `[\n{"id":"a"},\n{"id":"b"}\n]\n`))).toEqual(["a", "b"]);
    expect(shape(await read(["-"], `id: a\n---\nid: b\n`))).toEqual(["a", "b"]);
  });
});

describe("byte-order marks and UTF-16", () => {
  const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const utf16be = (text: string) => {
    const le = Buffer.from(text, "utf16le");
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
  };
  const text = `{"id":"a","deviceName":"Zoë"}\r\n{"id":"b"}\r\n`;

  it("reads NDJSON files in UTF-8 with a BOM and UTF-16 LE/BE with a BOM (PowerShell Out-File)", async () => {
    expect(shape(await read([file("bom.ndjson", `\uFEFF${text}`)]))).toEqual(["a", "b"]);
    const le = await read([file("le.ndjson", utf16le(text))]);
    expect(shape(le)).toEqual(["a", "b"]);
    expect((le[0]!.value as { deviceName: string }).deviceName).toBe("Zoë");
    expect(shape(await read([file("be.ndjson", utf16be(text))]))).toEqual(["a", "b"]);
    expect(shape(await read([file("le.ndjson.gz", gzipSync(utf16le(text)))]))).toEqual(["a", "b"]);
  });

  it("reads JSON and YAML documents in UTF-16 with a BOM, and UTF-16 NDJSON on standard input", async () => {
    expect(shape(await read([file("le.json", utf16le(`[{"id":"a"},{"id":"b"}]`))]))).toEqual(["a", "b"]);
    expect(shape(await read([file("le.yaml", utf16le(`id: a\n`))]))).toEqual(["a"]);
    expect(shape(await read([file("bom.yaml", `\uFEFFid: a\n`)]))).toEqual(["a"]);
    expect(shape(await read(["-"], utf16le(text)))).toEqual(["a", "b"]);
  });
});

describe("JSON documents holding a very long string", () => {
  it("are read element by element, not turned into one error", async () => {
    const long = "x".repeat(8_400_000);
    const records = await read([file("long.json", `[{"id":"a","deviceName":"${long}"},{"id":"b"}]`)]);
    expect(shape(records)).toEqual(["a", "b"]);
    expect(records.map((r) => r.line)).toEqual([1, 1]);
  });
});
