import { Ajv } from "ajv";
import { expect, it } from "vitest";
import { builtinSchemas } from "@tenet/parser";
import { deviceGenerator } from "./fleet.js";

const sample = (seed: number, n: number) => {
  const next = deviceGenerator(seed);
  return Array.from({ length: n }, (_, i) => next(i));
};

it("generates the same fleet for the same seed and a different one for another seed", () => {
  expect(JSON.stringify(sample(3, 500))).toBe(JSON.stringify(sample(3, 500)));
  expect(JSON.stringify(sample(4, 500))).not.toBe(JSON.stringify(sample(3, 500)));
});

it("every generated device is a valid snapshot for the built-in schema, so each reaches evaluation", () => {
  const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(
    builtinSchemas().device.json,
  );
  for (const d of sample(8, 3000)) expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
});

it("mixes platforms and includes missing and malformed facts near policy thresholds", () => {
  const fleet = sample(9, 5000);
  const count = (f: (d: Record<string, unknown>) => boolean) => fleet.filter(f).length;
  for (const os of ["Windows", "macOS", "Android", "Linux"])
    expect(
      count((d) => d["operatingSystem"] === os),
      os,
    ).toBeGreaterThan(100);
  expect(count((d) => d["operatingSystem"] === "iOS" || d["operatingSystem"] === "iPadOS")).toBeGreaterThan(100);
  expect(count((d) => d["operatingSystem"] === undefined)).toBeGreaterThan(0);
  expect(count((d) => d["osVersion"] === "10.0.26100")).toBeGreaterThan(0); // exactly at the Windows minimum
  expect(count((d) => typeof d["osVersion"] === "string" && /x/.test(d["osVersion"] as string))).toBeGreaterThan(0);
  expect(count((d) => d["isEncrypted"] === undefined)).toBeGreaterThan(0);
  expect(count((d) => d["lastSyncDateTime"] === "2026-11-31T08:00:00Z")).toBeGreaterThan(0);
  expect(
    count(
      (d) =>
        Array.isArray(d["detectedApps"]) &&
        (d["detectedApps"] as { displayName?: string }[]).some((a) => a.displayName === undefined),
    ),
  ).toBeGreaterThan(0);
});
