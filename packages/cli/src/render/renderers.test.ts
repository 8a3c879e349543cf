import { describe, expect, it } from "vitest";
import { builtinSchema, loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { recordEvaluator } from "../run/evaluate-record.js";
import { paintWith } from "../terminal.js";
import { briefOf, Summary, type OutputRecord, type Renderer } from "./output-record.js";
import { csvCell } from "./render-data.js";
import { rendererFor, type CheckFormat } from "./renderers.js";

const POLICY = `compliance linux "Linux" {
  platform linux
  rule encrypted "Disk encrypted" {
    require device.isEncrypted == true
    severity high
    remediation "Turn on LUKS"
  }
  rule password "Password" {
    require device.passcodeLength >= 12
    severity medium
  }
}
`;
const NOW = "2026-11-25T12:00:00Z";
const loaded = loadPolicySources([{ path: "linux.tenet", text: POLICY }], { now: Date.parse(NOW) });
const LINUX = {
  operatingSystem: "Linux",
  distribution: "ubuntu",
  osVersion: "24.04",
  complianceGracePeriodExpirationDateTime: "2026-01-01T00:00:00Z",
};
function evaluateFixtures(rules: "all" | "failures"): OutputRecord[] {
  const run = recordEvaluator(compile(loaded.value), builtinSchema("device"), {
    now: NOW,
    format: "json",
    explain: true,
    rules,
    redact: false,
  });
  return [
    run({
      source: "fleet.ndjson",
      line: 1,
      index: 0,
      value: { ...LINUX, id: "d1", deviceName: "ok", isEncrypted: true, passcodeLength: 14 },
    }),
    run({
      source: "fleet.ndjson",
      line: 2,
      index: 1,
      value: { ...LINUX, id: "d2", deviceName: '=cmd|"/c calc"!A1', isEncrypted: false, passcodeLength: 14 },
    }),
    run({ source: "fleet.ndjson", line: 3, index: 2, raw: Buffer.from("{oops") }),
    run({
      source: "fleet.ndjson",
      line: 4,
      index: 3,
      value: { ...LINUX, id: "d4", deviceName: "a, <b> & c", isEncrypted: true, passcodeLength: 4 },
    }),
  ];
}
const records = evaluateFixtures("all");

/** Renders the records as the main thread does in-process, and as workers do (digests cross a thread boundary as structured clones). */
async function render(format: CheckFormat, viaWorkers = false, from: OutputRecord[] = records): Promise<string> {
  const renderer = rendererFor(format, paintWith(false), { now: NOW, policySetHash: () => loaded.value.hash });
  const summary = new Summary();
  let body = "";
  for (const r of from) {
    summary.add(briefOf(r));
    body += renderer.take(viaWorkers ? structuredClone(renderer.digest(r)) : renderer.digest(r));
  }
  // As `check` writes it: the first record's separator (json's `,`) is dropped.
  return (
    renderer.begin() +
    (body.startsWith(renderer.separator) ? body.slice(renderer.separator.length) : body) +
    (await finish(renderer, summary))
  );
}

/** What a renderer writes at the end. */
async function finish(renderer: Renderer, summary: Summary): Promise<string> {
  let text = "";
  await renderer.finish(summary, async (chunk) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  });
  return text;
}

describe("fixtures", () => {
  it("cover a compliant, a noncompliant and an unreadable record", async () => {
    expect(records.map((r) => r.result?.state ?? r.error?.code)).toEqual([
      "compliant",
      "noncompliant",
      "CP5004",
      "noncompliant",
    ]);
  });
});

describe("one output record per input record, in every format", async () => {
  it("ndjson and json carry the same records, in order; json is one valid array", async () => {
    const lines = (await render("ndjson"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as OutputRecord);
    expect(lines).toEqual(JSON.parse(JSON.stringify(records)));
    expect(JSON.parse(await render("json"))).toEqual(lines);
    expect(await render("json", true)).toBe(await render("json"));
    expect(await render("ndjson", true)).toBe(await render("ndjson"));
  });

  it("intune gives one line per record, the error record included", async () => {
    const lines = (await render("intune"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { input: { index: number }; error?: { code: string } });
    expect(lines.map((l) => l.input.index)).toEqual([0, 1, 2, 3]);
    expect(lines[2]?.error?.code).toBe("CP5004");
  });

  it("an empty run is still a valid json array", async () => {
    const renderer = rendererFor("json", paintWith(false));
    expect(JSON.parse(renderer.begin() + (await finish(renderer, new Summary())))).toEqual([]);
  });

  it("table, csv, junit and intune need only the unmet rules: `check` asks for failures-only results for them", async () => {
    const failuresOnly = evaluateFixtures("failures");
    expect(failuresOnly[0]!.result!.policies[0]!.rules).toEqual([]);
    for (const format of ["table", "csv", "junit", "intune"] as const)
      expect(await render(format, false, failuresOnly), format).toBe(await render(format));
  });
});

describe("csv", async () => {
  it("has one row per record with RFC 4180 quoting and CRLF line ends", async () => {
    const rows = (await render("csv")).split("\r\n");
    expect(rows).toHaveLength(records.length + 2); // header, rows, and the empty string after the last CRLF
    expect(rows[1]).toBe("fleet.ndjson,1,d1,ok,Linux,compliant,,,,");
    expect(rows[3]).toMatch(/^fleet\.ndjson,3,,,,inputError,,,,CP5004: invalid JSON: unexpected `o` at column 2$/);
    expect(rows[4]).toBe('fleet.ndjson,4,d4,"a, <b> & c",Linux,noncompliant,linux.password,,,');
  });

  it("defuses cells a spreadsheet would run as formulas", async () => {
    expect((await render("csv")).split("\r\n")[2]).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(["+1+1", "-2+3", "@SUM(A1)", "\tx", "=1"].map(csvCell)).toEqual([
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      "'=1",
    ]);
    expect(["-", "-12", "3.5", "plain", 'say "hi"', "a\nb"].map(csvCell)).toEqual([
      "-",
      "-12",
      "3.5",
      "plain",
      '"say ""hi"""',
      '"a\nb"',
    ]);
  });
});

describe("junit", async () => {
  it("has one test case per device: a failure per device that fails the gate, an error per unreadable record", async () => {
    const xml = await render("junit");
    // failures + errors = the devices that fail --fail-on plus unreadable records: what makes `check` exit non-zero.
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites>\n {2}<testsuite name="tenet check" tests="4" failures="2" errors="1">\n/,
    );
    const cases = xml.match(/<testcase [^>]*>/g)!;
    expect(cases).toHaveLength(4);
    expect(cases[0]).toBe('<testcase classname="Linux" name="ok"/>');
    expect(xml).toContain('<testcase classname="input" name="fleet.ndjson#3"><error type="CP5004"');
    expect(xml).toContain("linux.encrypted: fail (Turn on LUKS)");
    expect(xml).toContain(
      'name="a, &lt;b&gt; &amp; c"><failure type="noncompliant" message="noncompliant: ' +
        'linux.password">linux: noncompliant\nlinux.password: fail</failure>',
    );
    expect(xml.trimEnd().endsWith("</testsuite>\n</testsuites>")).toBe(true);
  });

  it("counts as failures only the devices the gate fails", async () => {
    const renderer = rendererFor("junit", paintWith(false), { now: NOW, policySetHash: () => "", failOn: "error" });
    for (const r of records) renderer.take(renderer.digest(r));
    expect(await finish(renderer, new Summary("error"))).toContain('tests="4" failures="0" errors="1"');
  });
});

describe("table", async () => {
  it("summarises states, platforms and failing rules, then lists the devices needing attention", async () => {
    const text = await render("table");
    expect(text).toContain("3 devices evaluated, 1 input record unreadable");
    expect(text).toMatch(/compliant\s+1\s+33\.3%/);
    expect(text).toMatch(/noncompliant\s+2\s+66\.7%/);
    expect(text).toMatch(/By platform\n {2}Linux\s+compliant 1, noncompliant 2/);
    expect(text).toMatch(/Top failing rules\n\s+1 {2}linux\.encrypted\n\s+1 {2}linux\.password/);
    expect(text).toContain("input error  fleet.ndjson:3  CP5004");
    expect(text).toContain("✗ linux.encrypted Disk encrypted: device.isEncrypted is false, expected == true");
    expect(text).not.toContain("\u001b[");
  });

  it("lists at most 50 devices and input errors, and counts the rest", async () => {
    const renderer = rendererFor("table", paintWith(false));
    for (let i = 0; i < 120; i++) renderer.take(renderer.digest(records[i % 2 === 0 ? 1 : 2]!));
    const text = await finish(renderer, new Summary());
    expect(text.match(/^(noncompliant|input error) /gm)).toHaveLength(50);
    expect(text).toContain("... and 70 more");
  });

  it("colours states only when asked", async () => {
    const renderer = rendererFor("table", paintWith(true));
    const summary = new Summary();
    summary.add(briefOf(records[1]!));
    renderer.take(renderer.digest(records[1]!));
    expect(await finish(renderer, summary)).toContain("\u001b[31mnoncompliant");
  });
});
