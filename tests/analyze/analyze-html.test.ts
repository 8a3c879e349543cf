/** The HTML report's Conditional Access section: given access policies, `check --format html` shows their analysis. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, evaluateAccess } from "@tenet/evaluator";
import { NOW, tenet } from "../cli/run-cli.js";
import { LOOSE_POLICIES } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-analyze-html-"));
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const checkArgs = (policy: string, format: string, extra: string[]) => [
  ...["check", "-p", policy, "examples/fleet/devices.ndjson", "--now", NOW, "-f", format],
  ...extra,
];

function report(policyText: string, name: string, extra: string[] = [], output = name): string {
  const policy = join(dir, `${name}.tenet`);
  writeFileSync(policy, policyText);
  const out = join(dir, `${output}.html`);
  const r = tenet(checkArgs(policy, "html", ["-o", out, ...extra]));
  expect(r.code).not.toBe(2);
  return readFileSync(out, "utf8");
}

describe("html report: Conditional Access analysis", () => {
  it("shows each requirement's baseline verdict, witnesses What If reproduces, and the findings", () => {
    const html = report(LOOSE_POLICIES, "loose");
    const section = /<section id="access-analysis">([\s\S]*?)<\/section>/.exec(html)?.[1];
    expect(section).toBeDefined();
    expect(section).toContain('data-requirement="mfa-everywhere" data-status="fail"');
    expect(section).toContain('<b class="fail">FAIL</b>');
    expect(section).toContain('data-finding="CP4101"');
    expect(section).toContain('data-finding="CP4103"');
    const compiled = compile(loadPolicySources([{ path: "loose.tenet", text: LOOSE_POLICIES }]).value);
    const row = /<tr data-requirement="mfa-everywhere"[\s\S]*?<\/tr>/.exec(section!)![0];
    const witnesses = [...row.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => JSON.parse(unescape(m[1]!)));
    expect(witnesses.length).toBeGreaterThan(0);
    for (const w of witnesses) {
      const d = evaluateAccess(compiled, w, { now: parseInstant(NOW).value! });
      expect(d.accessGrantedNow).toBe(true);
      expect(["linux", "windowsPhone", "unknown"]).toContain(w.platform);
    }
  });

  it("has no such section when the policy set has no access policy", () => {
    const html = report(
      'compliance base "Base" {\n  rule r "Encrypted" { require device.isEncrypted == true }\n}\n',
      "none",
    );
    expect(html).not.toContain('id="access-analysis"');
  });

  it("leaves the section out with --no-access-analysis, and the rest of the report as it was", () => {
    const strip = (html: string) => html.replace(/<section id="access-analysis">[\s\S]*?<\/section>\n?/, "");
    const full = report(LOOSE_POLICIES, "loose", [], "with");
    const without = report(LOOSE_POLICIES, "loose", ["--no-access-analysis"], "without");
    expect(full).toContain('id="access-analysis"');
    expect(without).not.toContain('id="access-analysis"');
    expect(without).toContain("examples/fleet/devices.ndjson");
    expect(without).toBe(strip(full));
  });

  it("refuses --no-access-analysis without --format html (CP5201, exit 2)", () => {
    const policy = join(dir, "gate.tenet");
    writeFileSync(policy, LOOSE_POLICIES);
    const r = tenet(checkArgs(policy, "csv", ["--no-access-analysis"]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[CP5201]: `--no-access-analysis` needs `--format html`");
  });
});
