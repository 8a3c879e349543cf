import { readFileSync } from "node:fs";
import { builtinSchema, Instant, loadFactSchema, parseInstant, type FactSchema } from "@tenet/parser";
import type { TenantSettings } from "@tenet/evaluator";
import { UsageError } from "../exit-codes.js";

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
  const d = parsed.diagnostics[0]!;
  throw new UsageError(`${d.message}; ${d.help}`);
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
