import type { SettingMapping } from "./settings.js";

/** A Graph value read in the form Tenet compares, or why it cannot be. */
export type Normalised =
  | { value: unknown; notes: { value: string; normalised: string; reason: string }[] }
  | { refused: string; kind: string };

const VERSION = /^\d+(\.\d+)*$/;

/**
 * Reads a setting's value in the forms real exports use instead of comparing it as-is (which
 * would make every device fail): booleans written as strings by PowerShell (`"True"`), numbers
 * as strings (`"8"`), and Windows versions without the `10.0.` prefix (`22631.4249`, a build
 * number first). Each rewrite is noted for a warning (CP5032); a value of the setting's kind
 * that no rewrite makes valid is refused (CP5033).
 */
export function normaliseValue(value: unknown, mapping: SettingMapping | undefined, platform: string): Normalised {
  const notes: { value: string; normalised: string; reason: string }[] = [];
  const note = (from: unknown, to: unknown, reason: string) =>
    notes.push({ value: String(from), normalised: String(to), reason });
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) {
    const b = value.trim().toLowerCase() === "true";
    note(value, b, "a boolean written as a string");
    return { value: b, notes };
  }
  switch (mapping?.kind) {
    case "number":
      if (typeof value === "string" && /^\d+$/.test(value.trim())) {
        note(value, Number(value), "a number written as a string");
        return { value: Number(value), notes };
      }
      return { value, notes };
    case "version": {
      if (typeof value !== "string" || value.trim() === "") return { value, notes };
      const v = windowsVersion(value, platform, note);
      return v === undefined
        ? { refused: value, kind: "version (digits and dots, e.g. 10.0.22631.4249)" }
        : { value: v, notes };
    }
    case "versionRanges": {
      if (!Array.isArray(value)) return { value, notes };
      const ranges: unknown[] = [];
      for (const r of value) {
        if (r === null || typeof r !== "object") return { refused: JSON.stringify(r), kind: "build range" };
        const range = { ...(r as Record<string, unknown>) };
        for (const end of ["lowestVersion", "highestVersion"]) {
          const v = typeof range[end] === "string" ? windowsVersion(range[end] as string, platform, note) : undefined;
          if (v === undefined)
            return { refused: String(range[end]), kind: `${end} (digits and dots, e.g. 10.0.22631.4249)` };
          range[end] = v;
        }
        ranges.push(range);
      }
      return { value: ranges, notes };
    }
    default:
      return { value, notes };
  }
}

/** `22631.4249` on Windows is build 22631 of Windows 10/11, whose versions Intune reports as `10.0.22631.4249`. */
function windowsVersion(
  raw: string,
  platform: string,
  note: (from: unknown, to: unknown, reason: string) => void,
): string | undefined {
  const v = raw.trim();
  if (!VERSION.test(v)) return undefined;
  if (v !== raw) note(raw, v, "surrounding spaces");
  const first = Number(v.split(".")[0]);
  // Windows 10 and 11 builds start at 10240; a version that starts with one is a build number.
  if (platform === "windows" && first >= 10240) {
    note(v, `10.0.${v}`, "a Windows build without the `10.0.` prefix");
    return `10.0.${v}`;
  }
  return v;
}
