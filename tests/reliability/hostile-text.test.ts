/** Text from snapshots, policies and Graph cannot steer a terminal, reach JS internals, or cost more than its size. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptySpan, loadFactSchema, loadPolicySources, parse, renderDiagnostics, terminalText } from "@tenet/parser";
import { evaluateSources } from "@tenet/evaluator";
import { evaluateEntraFilter } from "../../packages/evaluator/src/access/entra-filter-eval.js";
import { factPatternProblem } from "../../packages/evaluator/src/values/safe-regex.js";
import { parseEntraFilter } from "@tenet/parser";
import { q } from "../../packages/intune/src/import/names.js";
import { tenet } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-hostile-text-"));
const NOW = "2026-11-25T12:00:00Z";
const SPAN = emptySpan("rule");
/** Escape sequences and controls that act on a terminal: CSI clear, OSC retitle, BEL, CR overwrite, bidi override. */
const HOSTILE = "EVIL\u001b[2J\u001b]0;pwned\u0007\r\u202eXX";
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("terminal output escapes control characters from the data", () => {
  it("terminalText makes them visible and keeps Tenet's own colours only when colouring", () => {
    expect(terminalText(HOSTILE)).toBe("EVIL\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\u{202e}XX");
    expect(terminalText("\u001b[31mred\u001b[0m", true)).toBe("\u001b[31mred\u001b[0m");
    expect(terminalText("\u001b[31mred\u001b[0m", false)).toBe("\\x1b[31mred\\x1b[0m");
    expect(terminalText("plain text\twith tab\nand newline")).toBe("plain text\twith tab\nand newline");
  });

  it("check's table and explain show a hostile device name escaped, with and without colour", () => {
    const file = join(dir, "evil.json");
    writeFileSync(
      file,
      JSON.stringify({ id: "d\u001b[1A", deviceName: HOSTILE, operatingSystem: "Windows", osVersion: "1.0" }),
    );
    for (const env of [{}, { FORCE_COLOR: "1", NO_COLOR: "" }]) {
      const table = tenet(["check", "-p", "policies", file, "-f", "table", "--now", NOW], { env });
      expect(table.stdout).toContain("EVIL\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\u{202e}XX");
      expect(table.stdout.replace(/\u001b\[(?:0|1|2|31|32|33|34|36)m/g, "")).not.toMatch(raw);
    }
    const explain = tenet(["explain", "-p", "policies", file, "--now", NOW]);
    expect(explain.stdout).toContain("EVIL\\x1b[2J");
    expect(explain.stdout).not.toMatch(raw);
  });

  it("a diagnostic about a policy string echoes its control characters escaped, the caret still in place", () => {
    const text =
      'compliance p {\n  platform windows\n  rule r { require device.osVersion == "\u001b]0;x\u0007" and device.nope == 1 }\n}\n';
    const diagnostics = loadPolicySources([{ path: "p\u001b[2J.tenet", text }]).diagnostics;
    const rendered = renderDiagnostics(
      diagnostics.filter((d) => d.code === "CP2001"),
      () => text,
    );
    expect(rendered).not.toMatch(raw);
    expect(rendered).toContain("p\\x1b[2J.tenet:3:");
    const frame = rendered.split("\n").find((l) => l.startsWith("3 | "))!;
    const caret = rendered.split("\n")[rendered.split("\n").indexOf(frame) + 1]!;
    expect(frame.indexOf("device.nope")).toBe(caret.indexOf("^"));
  });
});

describe("facts resolve through own properties only", () => {
  it("`device.constructor`, `device.__proto__`, `device.toString` are unknown facts (CP2001)", () => {
    const text = `compliance p {
  platform windows
  rule a { require device.constructor == "x" }
  rule b { require device.__proto__ == "x" }
  rule c { require device.toString == "x" }
  rule d { require device.osVersion.constructor == "x" }
  rule e { require device.deviceHealthAttestationState.hasOwnProperty == "x" }
}
`;
    const codes = loadPolicySources([{ path: "p.tenet", text }]).diagnostics.filter((d) => d.severity === "error");
    expect(codes.map((d) => `${d.code} ${d.span.start.line}`)).toEqual([
      "CP2001 3",
      "CP2001 4",
      "CP2001 5",
      "CP2001 6",
      "CP2001 7",
    ]);
  });

  it("a facts schema property named `__proto__` stays a property and pollutes nothing", () => {
    const schema = loadFactSchema(
      JSON.parse('{"type":"object","properties":{"__proto__":{"type":"object","properties":{"x":{"type":"string"}}}}}'),
      "device",
      "s.json",
    );
    const properties = schema.value!.root.properties;
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.keys(properties)).toEqual(["__proto__"]);
    expect((properties as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("an Entra filter operator named like an Object.prototype member is refused, not resolved", () => {
    const parsed = parseEntraFilter('device.model -constructor "x"', SPAN);
    expect(parsed.diagnostics.map((d) => d.code)).not.toEqual([]);
  });
});

describe("costs stay bounded by the input", () => {
  it("Entra `-in` and `-eq` over a 100,000-value device attribute give Entra's answers", () => {
    const list = Array.from({ length: 200 }, (_, i) => `"Value-${i}"`).join(", ");
    const rule = parseEntraFilter(`device.extensionAttribute1 -in [${list}]`, SPAN).value!;
    const device = (v: unknown) => ({ isManaged: true, extensionAttribute1: v });
    const many = Array.from({ length: 100_000 }, (_, i) => `other-${i}`);
    expect(evaluateEntraFilter(rule, device(many))).toBe(false);
    expect(evaluateEntraFilter(rule, device([...many, "VALUE-199"]))).toBe(true);
    expect(evaluateEntraFilter(rule, device("value-3"))).toBe(true);
    const eq = parseEntraFilter('device.extensionAttribute1 -eq "TRUE"', SPAN).value!;
    expect(evaluateEntraFilter(eq, device(true))).toBe(true);
    expect(evaluateEntraFilter(eq, device([...many, "true"]))).toBe(true);
  });

  it("`matches` refuses a snapshot pattern that is long or repeats much (the rule is in error), not a policy one", () => {
    expect(factPatternProblem("[a-z]{1000}".repeat(20))).toMatch(/repetition counts add up to 20000/);
    expect(factPatternProblem("x".repeat(300))).toMatch(/300 characters/);
    expect(factPatternProblem("^LAB-[0-9]{1,4}$")).toBeUndefined();
    const policy = `compliance p {
  platform windows
  rule named { require device.deviceName matches device.notes }
  rule fixed { require device.deviceName matches "^LAB-[0-9]{1,4}$" }
}
`;
    const result = (notes: string) =>
      evaluateSources(
        [{ path: "p.tenet", text: policy }],
        { id: "d1", operatingSystem: "Windows", deviceName: "LAB-12", notes },
        { now: NOW },
      ).value!.policies[0]!.rules.map((r) => `${r.rule}:${r.status}`);
    expect(result("^LAB-")).toEqual(["named:pass", "fixed:pass"]);
    expect(result("[a-z]{1000}".repeat(20))).toEqual(["named:error", "fixed:pass"]);
  });
});

describe("import writes strings that parse back", () => {
  it("a Graph string with a lone CR, NUL and other controls round-trips through the written literal", () => {
    for (const value of ["line1\rline2", "nul\u0000here", "crlf\r\nlf\nesc\u001b", 'quote " back \\ tab \t']) {
      const literal = q(value);
      expect(literal).not.toMatch(/[\r\u0000\u001b]/);
      const text = `let x = ${literal}\n`;
      const parsed = parse(text, "p.tenet");
      expect(parsed.diagnostics).toEqual([]);
      const decl = parsed.value.declarations[0] as { value: { value: string } };
      expect(decl.value.value).toBe(value.replace(/\r\n/g, "\n"));
    }
  });
});

describe("temporary files of killed runs", () => {
  it("are removed at the next run when their process is gone; a live run's file is kept", () => {
    const out = join(dir, "results.ndjson");
    const dead = join(dir, `.results.ndjson.${2 ** 22 + 4321}.0badc0de.tmp`);
    const live = join(dir, `.results.ndjson.${process.pid}.0000beef.tmp`);
    const other = join(dir, `.other.ndjson.${2 ** 22 + 4321}.0badc0de.tmp`);
    for (const f of [dead, live, other]) writeFileSync(f, "partial");
    const r = tenet(["check", "-p", "policies", "examples/fleet/devices.ndjson", "--now", NOW, "-o", out]);
    expect(r.code).toBe(1);
    expect(readFileSync(out, "utf8").split("\n").length).toBeGreaterThan(30);
    expect([existsSync(dead), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
  });
});
