import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeExport, readGraphObjects } from "./read-graph-json.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const POLICY = {
  "@odata.type": "#microsoft.graph.iosCompliancePolicy",
  displayName: "Größe – iOS",
  excludeGroups: ["<ExclusionGroup>"],
};
const utf16le = (text: string, bom = true) =>
  Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);

describe("decodeExport", () => {
  const text = JSON.stringify(POLICY, null, 2);
  it.each([
    ["UTF-8", Buffer.from(text, "utf8")],
    ["UTF-8 with a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16LE with a byte-order mark", utf16le(text)],
    ["UTF-16BE with a byte-order mark", utf16be(text)],
    ["UTF-16LE without a byte-order mark (Windows PowerShell Out-File)", utf16le(text, false)],
  ])("reads %s, keeping non-ASCII text", (_, bytes) => {
    expect(decodeExport(bytes)).toBe(text);
  });
});

describe("readGraphObjects", () => {
  it("reads a UTF-16LE export with a byte-order mark and CRLF line ends", () => {
    const crlf = fixture("conditional-access-graph.json").toString("utf8").replace(/\n/g, "\r\n");
    const r = readGraphObjects(utf16le(crlf), "ca-utf16.json");
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o["displayName"])).toHaveLength(6);
    expect(r.objects[0]!["conditions"]).toMatchObject({ users: { excludeGroups: ["<ExclusionGroup>"] } });
  });

  it.each([
    ["one object", JSON.stringify(POLICY)],
    ["an array", JSON.stringify([POLICY, POLICY])],
    [
      "a Graph list response",
      JSON.stringify({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#x",
        "@odata.count": 2,
        value: [POLICY, POLICY],
      }),
    ],
  ])("accepts %s", (_, text) => {
    const r = readGraphObjects(Buffer.from(text), "x.json");
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.length).toBeGreaterThan(0);
    for (const o of r.objects) expect(o).toEqual(POLICY);
  });

  it("accepts an empty Graph list", () => {
    expect(readGraphObjects(Buffer.from('{"value": []}'), "x.json")).toMatchObject({ objects: [], diagnostics: [] });
  });

  it.each([
    ['{\n  "displayName": "x",\n  oops\n}', 3, 3, "unexpected `o` at line 3, column 3"],
    ['{\r\n  "displayName": "x",\r\n  "version": 1,\r\n}', 4, 1, "unexpected `}` at line 4, column 1"],
    ['{"passwordRequired": tru}', 1, 25, "unexpected `}` at line 1, column 25"],
    ['[\n  {"a": 1},\n  {"b": 2}', 3, 11, "unexpected end of input at line 3, column 11"],
    ['{"a": "line\nbreak"}', 1, 12, "unexpected `\\u000a` at line 1, column 12"],
  ])("names the file, line and column of broken JSON: %j", (text, line, column, reason) => {
    const r = readGraphObjects(Buffer.from(text), "exports/bad.json");
    expect(r.objects).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: "CP5004",
      severity: "error",
      message: `invalid JSON: ${reason}`,
      span: { file: "exports/bad.json", start: { line, column } },
    });
  });

  it("finds the position in UTF-16 text too", () => {
    const r = readGraphObjects(utf16le('{\r\n  "a": 1,\r\n  "b": ]\r\n}'), "u16.json");
    expect(r.diagnostics[0]?.span.start).toMatchObject({ line: 3, column: 8 });
  });

  it("names list items that are not objects, and empty files", () => {
    const r = readGraphObjects(Buffer.from(JSON.stringify({ value: [POLICY, 7, null] })), "x.json");
    expect(r.objects).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "invalid Graph export: item 2 of the list is a number, not a policy object",
      "invalid Graph export: item 3 of the list is null, not a policy object",
    ]);
    expect(readGraphObjects(Buffer.from(" \r\n"), "empty.json").diagnostics.map((d) => d.message)).toEqual([
      "`empty.json` is empty",
    ]);
  });
});
