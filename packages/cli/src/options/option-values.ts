import { readFileSync } from "node:fs";
import { builtinSchema, Instant, loadFactSchema, parseInstant, type FactSchema } from "@tenet/parser";
import type { TenantSettings } from "@tenet/evaluator";
import { CliError, fileError, usageError } from "../exit-codes.js";

/** The help of every `--now`: the one rule for a time without a zone is said where the option is. */
export const NOW_HELP = "evaluation instant, ISO-8601 (a time without a zone is UTC)";

/**
 * `--now` (or the config's `now`) read once with `parseInstant`: a time without a zone is UTC.
 * Without one, the current time, which results record so a run can be replayed.
 */
export function nowOption(value: string | undefined): Instant {
  if (value === undefined) return Instant.fromMillis(Date.now())!;
  const parsed = parseInstant(value, { option: "--now" });
  if (parsed.value !== undefined) return parsed.value;
  throw new CliError(parsed.diagnostics);
}

/** `--tenant FILE`: Graph `deviceManagementSettings` names (`secureByDefault`, `deviceComplianceCheckinThresholdDays`). */
export function tenantOption(path: string | undefined): TenantSettings | undefined {
  if (path === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw fileError(path, error, "CP5203");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw fileError(path, new Error("expected a JSON object"), "CP5203");
  const days = (parsed as TenantSettings).deviceComplianceCheckinThresholdDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 120)) {
    throw fileError(
      path,
      new Error("`deviceComplianceCheckinThresholdDays` must be a whole number from 1 to 120"),
      "CP5203",
    );
  }
  return parsed as TenantSettings;
}

/** `--schema FILE`: a custom device facts schema instead of the built-in one. */
export function schemaOption(path: string | undefined): FactSchema {
  if (path === undefined) return builtinSchema("device");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw fileError(path, error);
  }
  const loaded = loadFactSchema(json, "device", path);
  if (loaded.value === undefined) throw new CliError(loaded.diagnostics);
  return loaded.value;
}

/** `value` when it is one of `allowed`, else a usage error listing them (CP5005 for `--format`, CP5015 otherwise). */
export function choice<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const help = `expected one of ${allowed.join(", ")}`;
  throw option === "--format"
    ? usageError("CP5005", { format: value, help })
    : usageError("CP5015", { value, option, help });
}

/** A whole number from `min` to `max` (CP5015 otherwise); undefined stays undefined. */
export function wholeNumber(
  value: string | undefined,
  option: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() !== "" && Number.isInteger(n) && n >= min && n <= max) return n;
  throw usageError("CP5015", {
    value,
    option,
    help:
      max === Number.MAX_SAFE_INTEGER
        ? `expected a whole number from ${min}`
        : `expected a whole number from ${min} to ${max}`,
  });
}

/** `-p a -p b` or `-p a,b`: repeatable, so it never swallows the snapshot arguments that follow. */
export function collectPaths(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").filter((p) => p !== "")];
}

/** Every format name any command takes: `-o json` is almost surely meant as `-f json` (conftest's `-o` is the format). */
const FORMAT_NAMES = new Set([
  "table",
  "text",
  "json",
  "ndjson",
  "csv",
  "junit",
  "sarif",
  "github",
  "intune",
  "html",
  "yaml",
  "xml",
  "tap",
  "pretty",
]);

/** `-o/--output`: refuses a bare format name (CP5208), so `-o json` never silently writes a file called `json`. */
export function outputOption(value: string | undefined): string | undefined {
  if (value !== undefined && FORMAT_NAMES.has(value.toLowerCase())) throw usageError("CP5208", { value });
  return value;
}

/** A period in whole days, written `90d` (`--period`). */
export function periodDays(text: string): number {
  const m = /^(\d+)d$/.exec(text);
  if (m === null || Number(m[1]) < 1)
    throw usageError("CP5015", { value: text, option: "--period", help: "expected days, e.g. 90d" });
  return Number(m[1]);
}
