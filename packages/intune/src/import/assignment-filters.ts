import { makeDiagnostic } from "@tenet/parser";
import type { ImportContext } from "./import-compliance.js";
import { q } from "./names.js";

/** Graph `devicePlatformType` of an assignment filter -> Tenet platform (device filters only). */
export const FILTER_PLATFORM_OF: Readonly<Record<string, string>> = {
  windows10AndLater: "windows",
  macOS: "macOS",
  iOS: "iOS",
  android: "android",
  androidWorkProfile: "androidWorkProfile",
  // "Android Enterprise" filters: Tenet reads them as fully managed (device owner) filters.
  androidForWork: "androidDeviceOwner",
  androidAOSP: "androidAOSP",
};

/**
 * One Graph `deviceAndAppManagementAssignmentFilter` as a `filter` block, or undefined (with
 * a CP5012 warning) for what Tenet cannot evaluate: app filters and platforms without
 * managed-device filters.
 */
export function importAssignmentFilter(
  filter: Record<string, unknown>,
  name: string,
  ctx: ImportContext,
): string | undefined {
  const displayName = typeof filter["displayName"] === "string" ? filter["displayName"] : name;
  const platform = FILTER_PLATFORM_OF[String(filter["platform"])];
  const management = filter["assignmentFilterManagementType"];
  if (management !== undefined && management !== null && management !== "devices") {
    ctx.diagnostics.push(
      makeDiagnostic(
        "CP5012",
        ctx.at("assignmentFilterManagementType"),
        { type: `assignment filter \`${displayName}\` for managed apps` },
        { help: "Tenet evaluates managed-device filters only" },
      ),
    );
    return undefined;
  }
  if (platform === undefined || typeof filter["rule"] !== "string") {
    const what =
      platform === undefined
        ? `assignment filter platform \`${String(filter["platform"])}\``
        : `assignment filter \`${displayName}\` without a rule`;
    ctx.diagnostics.push(
      makeDiagnostic(
        "CP5012",
        ctx.at(platform === undefined ? "platform" : "rule"),
        { type: what },
        { help: `filter platforms: ${Object.keys(FILTER_PLATFORM_OF).join(", ")}` },
      ),
    );
    return undefined;
  }
  const lines: string[] = [];
  if (typeof filter["id"] === "string" && filter["id"] !== "")
    lines.push(`# Intune assignment filter id ${filter["id"].replace(/\s+/g, " ")}`);
  lines.push(`filter ${name} ${q(displayName)} {`);
  if (typeof filter["description"] === "string" && filter["description"] !== "")
    lines.push(`  description ${q(filter["description"])}`);
  lines.push(`  platform ${platform}`, `  rule ${q(filter["rule"])}`, "}");
  return lines.join("\n");
}
