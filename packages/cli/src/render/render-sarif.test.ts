import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { sarifLog } from "./render-sarif.js";

const BROKEN = `compliance w "W" {
  platform windows
  rule os "OS" { require device.osVerison >= "10.0" }
  rule fw "FW" { require device.isEncrypted == "yes" }
}
`;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }[];
}

describe("sarifLog", () => {
  const diagnostics = loadPolicySources([{ path: "policies\\win.tenet", text: BROKEN }]).diagnostics;
  const log = sarifLog(diagnostics) as {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
      results: SarifResult[];
    }[];
  };

  it("is a SARIF 2.1.0 log with one run by tenet", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver.name).toBe("tenet");
  });

  it("has one result per diagnostic, pointing at its rule and at file, line and column", () => {
    const { rules } = log.runs[0]!.tool.driver;
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(diagnostics.length);
    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    results.forEach((r, i) => {
      const d = diagnostics[i]!;
      expect(r.ruleId).toBe(d.code);
      expect(rules[r.ruleIndex]!.id).toBe(d.code);
      expect(r.level).toBe(d.severity === "info" ? "note" : d.severity);
      expect(r.message.text.startsWith(d.message)).toBe(true);
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe("policies/win.tenet"); // forward slashes, as SARIF URIs need
      expect(region).toMatchObject({
        startLine: d.span.start.line,
        startColumn: d.span.start.column,
        endLine: d.span.end.line,
      });
      expect(region.endColumn).toBeGreaterThanOrEqual(region.startColumn);
    });
    expect(results[0]).toMatchObject({
      ruleId: "CP2001",
      locations: [{ physicalLocation: { region: { startLine: 3 } } }],
    });
  });

  it("lists each rule once, sorted", () => {
    const ids = log.runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([...new Set(diagnostics.map((d) => d.code))].sort());
    expect(log.runs[0]!.tool.driver.rules.every((r) => r.shortDescription.text.length > 0)).toBe(true);
  });
});
