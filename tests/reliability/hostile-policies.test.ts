/** Hostile policy files cost time and memory linear in their size, and end in a coded error. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, renderDiagnostics, didYouMean } from "@tenet/parser";
import { LineIndex } from "../../packages/parser/src/source/line-index.js";
import { editDistance } from "../../packages/parser/src/text/closest.js";
import { MAX_FILE_DIAGNOSTICS } from "../../packages/parser/src/diagnostics/cap-diagnostics.js";
import { ROOT, tenet } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-hostile-policy-"));
const MAIN = join(ROOT, "packages/cli/dist/main.js");

/** `tenet` in a Node whose heap is capped: before the fixes these inputs took 4 GB and aborted (exit 134). */
function tenetInSmallHeap(args: string[]) {
  const r = spawnSync(process.execPath, ["--max-old-space-size=192", MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}` };
}

describe("diagnostics stay linear", () => {
  it("100 KB of `$a`: 200 problems listed, one CP1019 counting the rest, in a 192 MB heap", () => {
    const file = join(dir, "dollars.tenet");
    writeFileSync(file, "$a".repeat(50_000));
    const r = tenetInSmallHeap(["lint", file]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
    expect(r.out).toContain("error[CP1019]: 49801 more problems in this file are not listed");
    expect(r.out.length).toBeLessThan(200_000); // each code frame shows 200 columns, not the 100 KB line
    const parsed = parse("$a".repeat(50_000), "dollars.tenet");
    expect(parsed.diagnostics).toHaveLength(MAX_FILE_DIAGNOSTICS + 1);
  });

  it("a 5 MB garbage policy file is refused whole with CP1018 (check and lint)", () => {
    const file = join(dir, "garbage.tenet");
    let seed = 7;
    const bytes = Buffer.alloc(5_000_000, 0);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = 1 + (seed % 255);
    }
    writeFileSync(file, bytes.toString("latin1"));
    const check = tenetInSmallHeap(["check", "-p", file, "examples/fleet/devices.ndjson"]);
    expect(check.code).toBe(3);
    expect(check.out).toMatch(/error\[CP1018\]: policy file is \d+ characters, more than the limit of 4194304/);
    expect(tenetInSmallHeap(["lint", file]).code).toBe(3);
  });

  it("line and column from the line index agree with a scan of the text (\\n, \\r\\n, lone \\r)", () => {
    const text = "ab\ncd\r\nef\rgh\n\n\r\rxyz";
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      let line = 1;
      let start = 0;
      for (let i = 0; i < offset; i++)
        if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) [line, start] = [line + 1, i + 1];
      expect(index.position(offset)).toEqual({ line, column: offset - start + 1, offset });
    }
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => index.line(n))).toEqual(["ab", "cd", "ef", "gh", "", "", "", "xyz"]);
  });

  it("a code frame on a long line shows a window around the column", () => {
    const text = `${"a".repeat(10_000)} $ ${"b".repeat(10_000)}`;
    const rendered = renderDiagnostics(
      parse(text, "long.tenet").diagnostics.filter((d) => d.code === "CP1001"),
      () => text,
    );
    const frame = rendered.split("\n").find((l) => l.startsWith("1 | "))!;
    expect(frame.length).toBeLessThan(210);
    expect(frame).toContain(" $ ");
    const caret = rendered.split("\n").find((l) => l.includes("^"))!;
    expect(caret.indexOf("^")).toBe(frame.indexOf("$"));
  });

  it("suggestions skip hostile long words; edit distances are unchanged", () => {
    expect(didYouMean("x".repeat(100_000), ["osVersion", "x".repeat(99_999)])).toBeUndefined();
    expect(didYouMean("osVersoin", ["osVersion", "model"])).toBe("did you mean `osVersion`?");
    expect(editDistance("hrad", "hard")).toBe(1);
    expect(editDistance("macOs", "macOS")).toBe(0.5);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});

describe("empty policy files", () => {
  it("are an error for check (a wiped file must not pass a run) and a warning for lint", () => {
    const empty = join(dir, "empty.tenet");
    writeFileSync(empty, "# only a comment\n");
    expect(tenet(["check", "-p", "policies", "-p", empty, "examples/fleet/devices.ndjson", "-f", "csv"])).toMatchObject(
      {
        code: 3,
        stderr: expect.stringContaining("error[CP1013]: file contains no declarations"),
      },
    );
    expect(tenet(["lint", empty])).toMatchObject({ code: 0 });
  });
});
