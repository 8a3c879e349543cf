import { describe, expect, it } from "vitest";
import { format } from "../format/format.js";
import { parse } from "../parser/parse.js";
import type { Span } from "../source/span.js";
import { check } from "./check.js";
import { parseIntuneFilter } from "./intune-filter.js";

const SPAN: Span = {
  file: "p.tenet",
  start: { line: 3, column: 8, offset: 40 },
  end: { line: 3, column: 60, offset: 90 },
};
const cmp = (property: string, operator: string, value: unknown) => ({ kind: "compare", property, operator, value });
const ok = (rule: string, platform?: Parameters<typeof parseIntuneFilter>[2]) => {
  const r = parseIntuneFilter(rule, SPAN, platform);
  expect(r.diagnostics).toEqual([]);
  return r.value;
};
const code = (rule: string, platform?: Parameters<typeof parseIntuneFilter>[2]) =>
  parseIntuneFilter(rule, SPAN, platform).diagnostics.map((d) => d.code);

describe("parseIntuneFilter: Intune's rule syntax", () => {
  it("reads logical operators with or without the dash, and binds and tighter than or", () => {
    const a = cmp("model", "eq", "a");
    const b = cmp("model", "eq", "b");
    const c = cmp("model", "eq", "c");
    expect(ok('device.model -eq "a" or device.model -eq "b" and device.model -eq "c"')).toEqual({
      kind: "or",
      left: a,
      right: { kind: "and", left: b, right: c },
    });
    expect(ok('(device.model -eq "a") -and (device.model -eq "b")')).toEqual({ kind: "and", left: a, right: b });
  });

  it("reads case-insensitive properties and operators, $null, lists and unquoted versions", () => {
    expect(ok('device.DEVICEOWNERSHIP EQ "Corporate"')).toEqual(cmp("deviceOwnership", "eq", "Corporate"));
    expect(ok("device.enrollmentProfileName -ne $null")).toEqual(cmp("enrollmentProfileName", "ne", null));
    expect(ok("device.enrollmentProfileName -eq Null")).toEqual(cmp("enrollmentProfileName", "eq", null));
    expect(ok('device.cpuArchitecture -in ["x64", "arm64"]')).toEqual(cmp("cpuArchitecture", "in", ["x64", "arm64"]));
    expect(ok("device.operatingSystemVersion -gt 10.0.22000.1000")).toEqual(
      cmp("operatingSystemVersion", "gt", "10.0.22000.1000"),
    );
    expect(ok('device.operatingSystemVersion -le "10.0.22631.3235"')).toEqual(
      cmp("operatingSystemVersion", "le", "10.0.22631.3235"),
    );
    expect(ok('device.isRooted -eq "True"', "iOS")).toEqual(cmp("isRooted", "eq", true));
  });

  it("refuses what Intune refuses", () => {
    expect(code('device.model -endsWith "Pro"')).toEqual(["CP2071"]);
    expect(code('device.model -match "Pro"')).toEqual(["CP2071"]);
    expect(code('device.trustType -eq "AzureAD"')).toEqual(["CP2072"]);
    expect(code('device.osVersion -gt "10"')).toEqual(["CP2073"]);
    expect(code('device.deviceOwnership -in ["Corporate"]')).toEqual(["CP2073"]);
    expect(code("device.model -gt 10.0")).toEqual(["CP2073"]);
    expect(code("device.model -eq 10")).toEqual(["CP2070"]);
    expect(code('device.operatingSystemSKU -eq "Enterprise"', "macOS")).toEqual(["CP2074"]);
    expect(code('device.deviceTrustType -eq "Azure AD joined"', "windows")).toEqual([]);
    expect(code(`${"(".repeat(80)}device.model -eq "a"${")".repeat(80)}`)).toEqual(["CP2070"]);
  });
});

const POLICY = `filter corporate "Corporate devices" {
  platform windows
  rule "(device.deviceOwnership -eq \\"Corporate\\") and (device.osVersion -startsWith \\"10.0.22\\")"
}

compliance win "Windows" {
  platform windows
  assign include group "6f1c" "Finance" filter include corporate
  assign include all users filter exclude corporate
  assign include all devices
  assign exclude group "9e2d"

  rule enc "Encrypted" {
    require device.isEncrypted == true
    remediation "Turn on BitLocker"
  }
}
`;

describe("assignments in the language", () => {
  it("checks into Intune-shaped assignments and filters", () => {
    const parsed = parse(POLICY, "p.tenet");
    expect(parsed.diagnostics).toEqual([]);
    const checked = check([parsed.value]);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.value.compliance[0]!.assignments).toEqual([
      {
        mode: "include",
        target: { kind: "group", id: "6f1c", name: "Finance" },
        filter: { mode: "include", name: "corporate" },
      },
      { mode: "include", target: { kind: "allUsers" }, filter: { mode: "exclude", name: "corporate" } },
      { mode: "include", target: { kind: "allDevices" } },
      { mode: "exclude", target: { kind: "group", id: "9e2d" } },
    ]);
    expect(checked.value.filters.map((f) => [f.name, f.title, f.platform])).toEqual([
      ["corporate", "Corporate devices", "windows"],
    ]);
  });

  it("a policy without assign clauses has no assignments", () => {
    const checked = check([
      parse(
        'compliance w { platform windows\n rule r "R" { require device.isEncrypted == true remediation "x" } }',
        "p.tenet",
      ).value,
    ]);
    expect(checked.value.compliance[0]!.assignments).toBeUndefined();
  });

  it("formats to itself (the formatter round-trips assignments and filters)", () => {
    expect(format(POLICY, "p.tenet").value).toBe(POLICY);
    const squeezed = POLICY.replace(/\n\s+/g, " ");
    expect(format(squeezed, "p.tenet").value).toBe(POLICY);
  });

  it("rejects a filter on an exclusion and an unknown target", () => {
    const text = `compliance w { platform windows
  assign exclude group "x" filter include corporate
  assign include groups "y"
  rule r "R" { require device.isEncrypted == true remediation "x" } }`;
    const checked = check([parse(text, "p.tenet").value]);
    expect(checked.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["CP2077", "an excluded group cannot carry an assignment filter"],
      ["CP2077", "unknown assignment target `groups`"],
    ]);
  });
});
