import { readFileSync } from "node:fs";
import { builtinSchema, loadFactSchema, type FactSchema } from "@tenet/parser";
import { parseNow, type TenantSettings } from "@tenet/evaluator";
import { UsageError } from "./exit-codes.js";

/** `--now` as epoch ms and ISO text; required so results are reproducible. */
export function nowOption(value: string | undefined): { iso: string; ms: number } {
  if (value === undefined) {
    const iso = new Date().toISOString();
    return { iso, ms: Date.parse(iso) };
  }
  try {
    const ms = parseNow(value);
    return { iso: new Date(ms).toISOString(), ms };
  } catch {
    throw new UsageError(`\`${value}\` is not a valid instant for \`--now\`; use ISO-8601 UTC, e.g. \`2026-11-25T12:00:00Z\``);
  }
}

/** `--tenant FILE`: Graph `deviceManagementSettings` names (`secureByDefault`, `deviceComplianceCheckinThresholdDays`). */
export function tenantOption(path: string | undefined): TenantSettings | undefined {
  if (path === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read tenant settings \`${path}\`: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`tenant settings \`${path}\` must be a JSON object`);
  const days = (parsed as TenantSettings).deviceComplianceCheckinThresholdDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 120)) {
    throw new UsageError(`tenant settings \`${path}\`: deviceComplianceCheckinThresholdDays must be a whole number from 1 to 120`);
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
    throw new UsageError(`cannot read facts schema \`${path}\`: ${error instanceof Error ? error.message : String(error)}`);
  }
  const loaded = loadFactSchema(json, "device", path);
  if (loaded.value === undefined) throw new UsageError(loaded.diagnostics[0]?.message ?? `invalid facts schema \`${path}\``);
  return loaded.value;
}

export function choice<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value \`${value}\` for \`${option}\`; expected one of ${allowed.join(", ")}`);
}

/** `-p a -p b` or `-p a,b`: repeatable, so it never swallows the snapshot arguments that follow. */
export function collectPaths(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").filter((p) => p !== "")];
}
