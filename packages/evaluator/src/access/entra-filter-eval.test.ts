import { describe, expect, it } from "vitest";
import { emptySpan, parseEntraFilter, type EntraFilterExpr } from "@tenet/parser";
import { evaluateEntraFilter } from "./entra-filter-eval.js";

function rule(text: string): EntraFilterExpr {
  const r = parseEntraFilter(text, emptySpan("t.tenet"));
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}
const matches = (text: string, device: unknown) => evaluateEntraFilter(rule(text), device);

const SURFACE = {
  deviceId: "D-1",
  displayName: "KIOSK-042",
  operatingSystem: "Windows",
  operatingSystemVersion: "10.0.22631.2428",
  trustType: "ServerAD",
  isCompliant: true,
  isManaged: true,
  deviceOwnership: "Company",
  manufacturer: "Microsoft Corporation",
  model: "Surface Pro 9",
  systemLabels: ["M365Managed"],
  physicalIds: ["[ZTDID]:abc", "[OrderId]:PO-7"],
  extensionAttribute1: "Finance",
};

describe("evaluateEntraFilter: comparisons", () => {
  it("compares strings case-insensitively with every string operator", () => {
    const cases: [string, boolean][] = [
      ['device.model -eq "surface pro 9"', true],
      ['device.model -ne "SURFACE PRO 9"', false],
      ['device.displayName -startsWith "kiosk-"', true],
      ['device.displayName -notStartsWith "kiosk-"', false],
      ['device.manufacturer -endsWith "CORPORATION"', true],
      ['device.manufacturer -notEndsWith "Inc"', true],
      ['device.model -contains "PRO"', true],
      ['device.model -notContains "laptop"', true],
      ['device.operatingSystem -in ["iOS", "windows"]', true],
      ['device.operatingSystem -notIn ["iOS", "WINDOWS"]', false],
      ['device.deviceId -in ["d-1"]', true],
    ];
    for (const [text, want] of cases) expect(matches(text, SURFACE), text).toBe(want);
  });

  it("compares booleans with True/False, quoted or not", () => {
    expect(matches("device.isCompliant -eq True", SURFACE)).toBe(true);
    expect(matches('device.isCompliant -eq "False"', SURFACE)).toBe(false);
    expect(matches("device.isManaged -ne False", SURFACE)).toBe(true);
    expect(matches("device.isCompliant -eq False", { ...SURFACE, isCompliant: false })).toBe(true);
  });

  it("treats -contains on a collection as element equality, not substring", () => {
    expect(matches('device.systemLabels -contains "m365managed"', SURFACE)).toBe(true);
    expect(matches('device.systemLabels -contains "M365"', SURFACE)).toBe(false);
    expect(matches('device.physicalIds -contains "[ZTDID]:abc"', SURFACE)).toBe(true);
    expect(matches('device.physicalIds -notContains "[ZTDID]:ab"', SURFACE)).toBe(true);
    expect(matches('device.physicalIds -notContains "[orderid]:po-7"', SURFACE)).toBe(false);
  });
});

describe("evaluateEntraFilter: null properties", () => {
  const positive = [
    'device.trustType -eq "AzureAD"',
    'device.model -startsWith "S"',
    'device.model -endsWith "9"',
    'device.model -contains "o"',
    'device.deviceId -in ["D-1"]',
    "device.isCompliant -eq True",
    'device.systemLabels -contains "x"',
  ];
  const negative = [
    'device.trustType -ne "AzureAD"',
    'device.model -notStartsWith "S"',
    'device.model -notEndsWith "9"',
    'device.model -notContains "o"',
    'device.deviceId -notIn ["D-1"]',
    "device.isCompliant -ne True",
    'device.systemLabels -notContains "x"',
  ];

  it("an unregistered device (null) makes every positive operator false and every negative one true", () => {
    for (const text of positive) expect(matches(text, null), text).toBe(false);
    for (const text of negative) expect(matches(text, null), text).toBe(true);
  });

  it("a property the device lacks or reports as null behaves the same", () => {
    for (const device of [
      {},
      { model: null, trustType: null, deviceId: null, isCompliant: null, systemLabels: null },
    ]) {
      for (const text of positive) expect(matches(text, device), text).toBe(false);
      for (const text of negative) expect(matches(text, device), text).toBe(true);
    }
  });

  it("applies ordinary boolean logic over those results", () => {
    expect(matches('-not device.trustType -eq "AzureAD"', null)).toBe(true);
    expect(matches('device.trustType -ne "AzureAD" -and device.model -eq "x"', null)).toBe(false);
  });

  it("`-eq null` and `-ne null` test for null", () => {
    expect(matches("device.model -eq null", null)).toBe(true);
    expect(matches("device.model -eq null", { model: null })).toBe(true);
    expect(matches("device.model -eq null", SURFACE)).toBe(false);
    expect(matches("device.model -ne null", SURFACE)).toBe(true);
    expect(matches("device.model -ne null", {})).toBe(false);
    expect(matches("device.displayName -eq null", { displayName: "null" })).toBe(false);
  });

  it("extension attributes read as null unless the device is Intune-managed, compliant or hybrid joined", () => {
    const ext = 'device.extensionAttribute1 -eq "finance"';
    expect(matches(ext, SURFACE)).toBe(true);
    expect(matches(ext, { extensionAttribute1: "Finance", isManaged: true })).toBe(true);
    expect(matches(ext, { extensionAttribute1: "Finance", isCompliant: true })).toBe(true);
    expect(matches(ext, { extensionAttribute1: "Finance", trustType: "ServerAD" })).toBe(true);
    const unreported = { extensionAttribute1: "Finance", isManaged: false, isCompliant: false, trustType: "Workplace" };
    expect(matches(ext, unreported)).toBe(false);
    expect(matches('device.extensionAttribute1 -ne "finance"', unreported)).toBe(true);
  });
});

describe("evaluateEntraFilter: precedence", () => {
  it("evaluates -and before -or and -not before -and", () => {
    const text =
      'device.trustType -eq "ServerAD" -or device.model -startsWith "Surface" -and -not device.isCompliant -eq True';
    expect(matches(text, { trustType: "ServerAD" })).toBe(true);
    expect(matches(text, { trustType: "AzureAD", model: "Surface", isCompliant: false })).toBe(true);
    expect(matches(text, { trustType: "AzureAD", model: "Surface", isCompliant: true })).toBe(false);
    expect(matches(`(${text.replace(" -and", ") -and")}`, { trustType: "ServerAD", isCompliant: true })).toBe(false);
  });
});
