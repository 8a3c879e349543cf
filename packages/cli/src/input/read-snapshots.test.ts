import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { builtinSchema } from "@tenet/parser";
import { MAX_DOCUMENT_BYTES, parseRaw, readSnapshots } from "./read-snapshots.js";
import type { SnapshotRecord } from "./snapshot-record.js";
import { snapshotValidator } from "./validate-snapshot.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-read-"));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const read = async (files: string[], stdin?: string, rawLines = false) => {
  const out: SnapshotRecord[] = [];
  for await (const r of readSnapshots(files, Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]), {
    rawLines,
  }))
    out.push(r);
  return out;
};
/** What a user sees per record: the id read, or the error code with its line. */
const shape = (records: SnapshotRecord[]) =>
  records.map((r) =>
    r.error !== undefined ? `${r.error.code}@${r.line ?? "-"}` : String((r.value as { id?: string }).id),
  );

describe("readSnapshots", () => {
  it("reads one JSON object, an array and a Graph list response", async () => {
    const one = file("one.json", '{"id":"a"}');
    const array = file("array.json", '[{"id":"b"},{"id":"c"}]');
    const graph = file("graph.json", '\uFEFF{"@odata.context":"x","value":[{"id":"d"},{"id":"e"}]}');
    const records = await read([one, array, graph]);
    expect(shape(records)).toEqual(["a", "b", "c", "d", "e"]);
    expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(records.map((r) => r.source)).toEqual([one, array, array, graph, graph]);
  });

  it("reads YAML documents safely: a custom tag is an error record, not code", async () => {
    const yaml = file("fleet.yaml", "id: a\n---\n- id: b\n- id: c\n");
    expect(shape(await read([yaml]))).toEqual(["a", "b", "c"]);
    const hostile = file("hostile.yml", "id: !!js/function 'function () { return 1 }'\n");
    const [record] = await read([hostile]);
    expect(record?.error?.code).toBe("CP5004");
    expect(record?.error?.message).toContain("invalid YAML");
  });

  it("streams NDJSON with line numbers: blank lines skipped, a broken line is one error record and reading goes on", async () => {
    const ndjson = file("fleet.ndjson", '{"id":"a"}\n\n{"id":\n{"id":"c"}\r\n{"id":"d"}');
    const records = await read([ndjson]);
    expect(shape(records)).toEqual(["a", "CP5004@3", "c", "d"]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 4, 5]);
    expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it("decompresses .gz files by extension, whatever the format inside", async () => {
    const ndgz = file("fleet.ndjson.gz", gzipSync('{"id":"a"}\n{"id":"b"}\n'));
    const jsgz = file("graph.json.gz", gzipSync('{"value":[{"id":"c"}]}'));
    expect(shape(await read([ndgz, jsgz]))).toEqual(["a", "b", "c"]);
  });

  it("reads standard input as NDJSON, as one pretty-printed document, or as a one-line Graph list", async () => {
    expect(shape(await read(["-"], '{"id":"a"}\nnope\n{"id":"b"}\n'))).toEqual(["a", "CP5004@2", "b"]);
    expect(shape(await read(["-"], '{\n  "id": "a"\n}\n'))).toEqual(["a"]);
    expect(shape(await read(["-"], '[{"id":"a"},\n{"id":"b"}]'))).toEqual(["a", "b"]);
    expect(shape(await read(["-"], '{"value":[{"id":"a"}]}\n'))).toEqual(["a"]);
    expect(shape(await read(["-"], "id: y\n"))).toEqual(["y"]);
    expect(shape(await read(["-"], "  \n"))).toEqual(["CP5003@-"]);
  });

  it("keeps NDJSON lines raw for the worker threads; parseRaw gives the same records", async () => {
    const ndjson = file("raw.ndjson", '{"id":"a"}\n{bad\n');
    const raw = await read([ndjson], undefined, true);
    expect(raw.map((r) => (r.raw === undefined ? undefined : Buffer.from(r.raw).toString()))).toEqual([
      '{"id":"a"}',
      "{bad",
    ]);
    expect(shape(raw.map(parseRaw))).toEqual(shape(await read([ndjson])));
  });

  it("reads a file on this thread (syncReads) exactly as through a stream: lines across reads, CRLF, UTF-16, bytes counted", async () => {
    // Over a megabyte, so lines cross the 256 KiB reads; CRLF endings, a blank line and a broken one among them.
    const lines = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: `d${i}`, pad: "x".repeat(i % 200) }));
    lines.splice(7_000, 0, "", "{broken");
    const crlf = file("crlf.ndjson", lines.join("\r\n"));
    const utf16 = file(
      "utf16.ndjson",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join("\n"), "utf16le")]),
    );
    for (const path of [crlf, utf16]) {
      const through = async (syncReads: boolean) => {
        let bytes = 0;
        const out: SnapshotRecord[] = [];
        for await (const r of readSnapshots([path], Readable.from([]), {
          rawLines: true,
          syncReads,
          onBytes: (n) => (bytes += n),
        }))
          out.push(r);
        return { bytes, records: out.map((r) => ({ ...r, raw: Buffer.from(r.raw!).toString() })) };
      };
      const stream = await through(false);
      expect(stream.records).toHaveLength(12_001);
      expect(await through(true)).toEqual(stream);
    }
  });

  it("names a missing file, an empty file, a binary file and a directory without snapshots, and goes on", async () => {
    const empty = file("empty.json", "");
    const binary = file("binary.json", Buffer.from([0x7b, 0, 0x7d]));
    const bare = join(dir, "bare");
    mkdirSync(bare);
    const good = file("good.json", '{"id":"ok"}');
    const records = await read([join(dir, "missing.json"), empty, binary, bare, good]);
    expect(shape(records)).toEqual(["CP5001@-", "CP5003@-", "CP5009@-", "CP5002@-", "ok"]);
    expect(records[0]?.error?.message).toContain("missing.json");
    expect(records[3]?.error?.message).toContain("holds no snapshot files");
  });

  it("refuses a JSON document too big to hold in memory without reading it, and suggests NDJSON", async () => {
    const huge = file("huge.json", "");
    truncateSync(huge, MAX_DOCUMENT_BYTES + 1); // sparse: no disk used
    const [record] = await read([huge]);
    expect(record?.error?.code).toBe("CP5002");
    expect(record?.error?.message).toContain("export it as NDJSON");
  });

  it("points at the line and column of a JSON syntax error in a whole file", async () => {
    const broken = file("broken.json", '[\n  {"id": "a"},\n  {"id": }\n]');
    const [record] = await read([broken]);
    expect(record?.error?.code).toBe("CP5004");
    expect(record?.error?.message).toMatch(/line 3, column \d+/);
  });
});

describe("snapshotValidator", () => {
  const validate = snapshotValidator(builtinSchema("device"));
  const at = (value: unknown) => validate({ source: "fleet.ndjson", line: 7, index: 6, value });

  it("passes a valid snapshot through untouched", () => {
    const record = at({ id: "a", operatingSystem: "Windows", osVersion: "10.0.26100.1" });
    expect(record.error).toBeUndefined();
    expect(record.value).toEqual({ id: "a", operatingSystem: "Windows", osVersion: "10.0.26100.1" });
  });

  it("names the failing instance path and keeps file and line", () => {
    const record = at({ id: "a", deviceHealthAttestationState: { bitLockerStatus: "maybe" } });
    expect(record.error?.code).toBe("CP4003");
    expect(record.error?.message).toContain("`/deviceHealthAttestationState/bitLockerStatus`");
    expect([record.source, record.line, record.index]).toEqual(["fleet.ndjson", 7, 6]);
    expect(at({ osVersion: 10 }).error?.message).toContain("`/osVersion`: must be string");
  });

  it("does not reject a malformed version: that is a rule error at evaluation", () => {
    expect(at({ osVersion: "ten" }).error).toBeUndefined();
  });

  it("refuses values that are not objects with CP4004", () => {
    expect([null, [1], "x", 3].map((v) => at(v).error?.message)).toEqual([
      "snapshot must be a JSON object, found null",
      "snapshot must be a JSON object, found an array",
      "snapshot must be a JSON object, found string",
      "snapshot must be a JSON object, found number",
    ]);
  });
});

describe("line numbers of JSON list elements", () => {
  it("gives each element of an array or a Graph list the line it starts on, so an error points at the device", async () => {
    const graph = file(
      "export.json",
      '{\n  "@odata.context": "x",\n  "value": [\n    {"id": "a"},\n    {\n      "id": "b",\n      "osVersion": 10\n    },\n    {"id": "c"}\n  ]\n}\n',
    );
    const array = file("array2.json", '[{"id":"x"},\n\n{"id":"y"}]');
    const one = file("single.json", '\n{"id": "z"}');
    const records = await read([graph, array, one]);
    expect(records.map((r) => r.line)).toEqual([4, 5, 9, 1, 3, undefined]);
    const failed = snapshotValidator(builtinSchema("device"))(records[1]!);
    expect([failed.source, failed.line, failed.error?.code]).toEqual([graph, 5, "CP4003"]);
  });

  it("ignores arrays nested in elements and keys other than `value`", async () => {
    const nested = file(
      "nested.json",
      '{"other": [1, 2],\n "value": [\n {"id": "a", "detectedApps": [{"displayName": "x"}]},\n {"id": "b"}]}',
    );
    expect((await read([nested])).map((r) => [r.line, (r.value as { id: string }).id])).toEqual([
      [3, "a"],
      [4, "b"],
    ]);
  });
});
