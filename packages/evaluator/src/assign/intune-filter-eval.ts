// assign: an Intune assignment filter rule + a device snapshot -> whether the device matches.
import type { IntuneFilterExpr, Platform } from "@tenet/parser";
import { getOwn, MISSING } from "../values/fact-lookup.js";
import { and3, E, F, not3, or3, T, U, type Truth } from "../values/kleene.js";
import { compareVersionParts, parseVersion } from "../values/version.js";
import { loweredSet, loweredText } from "../values/lowered-set.js";

/** A filter's verdict on a device, and the device values it read (for "filter F excluded it: ..."). */
export interface FilterMatch {
  truth: Truth;
  read: { property: string; fact: string; value: unknown }[];
}

/** managedDevice spellings -> the values Intune filters compare against. */
const OWNERSHIP: Readonly<Record<string, string>> = { company: "Corporate", personal: "Personal", unknown: "unknown" };
const TRUST: Readonly<Record<string, string>> = {
  azureADJoined: "Azure AD joined",
  azureADRegistered: "Azure AD registered",
  hybridAzureADJoined: "Hybrid Azure AD joined",
  unknown: "Unknown",
};

/**
 * Where each filter property lives in a managedDevice snapshot and how its value is spelled
 * for the filter. A fact the snapshot lacks is MISSING (the filter's answer is then unknown);
 * a fact reported as null, or as Intune's "Unknown", is null.
 */
const PROPERTY_FACTS: Readonly<Record<string, { fact: string; read: (v: unknown, platform: Platform) => unknown }>> = {
  cpuArchitecture: {
    fact: "processorArchitecture",
    read: (v, platform) => (platform === "windows" && v === "x64" ? "amd64" : v),
  },
  deviceCategory: { fact: "deviceCategoryDisplayName", read: (v) => v },
  deviceName: { fact: "deviceName", read: (v) => v },
  deviceOwnership: { fact: "managedDeviceOwnerType", read: (v) => (typeof v === "string" ? (OWNERSHIP[v] ?? v) : v) },
  deviceTrustType: { fact: "joinType", read: (v) => (typeof v === "string" ? (TRUST[v] ?? v) : v) },
  enrollmentProfileName: { fact: "enrollmentProfileName", read: (v) => v },
  isRooted: {
    fact: "jailBroken",
    read: (v) => (v === "True" || v === true ? true : v === "False" || v === false ? false : null),
  },
  manufacturer: { fact: "manufacturer", read: (v) => v },
  model: { fact: "model", read: (v) => v },
  operatingSystemVersion: { fact: "osVersion", read: (v) => v },
  osVersion: { fact: "osVersion", read: (v) => v },
  operatingSystemSKU: { fact: "skuFamily", read: (v) => v },
};

/** Like `getOwn`, but a field present as `null` stays null: for a filter, reported-as-null and absent differ. */
function readFact(device: unknown, fact: string): unknown {
  const v = getOwn(device, fact);
  if (v !== MISSING) return v;
  return device !== null &&
    typeof device === "object" &&
    Object.prototype.hasOwnProperty.call(device, fact) &&
    (device as Record<string, unknown>)[fact] === null
    ? null
    : MISSING;
}

const NEGATIVE = new Set(["ne", "notContains", "notIn"]);
const VERSION_OPERATORS = new Set(["gt", "ge", "lt", "le"]);

/**
 * Evaluates an assignment filter rule against a device the way Intune documents it: strings
 * compare case-insensitively, `-in` is membership in the list, `operatingSystemVersion`
 * compares as a version. A property that is null (reported as null or Intune's "Unknown")
 * makes positive operators false and negative ones true, and `-eq null`/`-ne null` test for
 * it; a property the snapshot lacks makes the comparison unknown (Kleene), never false.
 */
export function evaluateIntuneFilter(expr: IntuneFilterExpr, device: unknown, platform: Platform): FilterMatch {
  const read: FilterMatch["read"] = [];
  const walk = (e: IntuneFilterExpr): Truth => {
    switch (e.kind) {
      case "and":
        return and3(walk(e.left), walk(e.right));
      case "or":
        return or3(walk(e.left), walk(e.right));
      case "not":
        return not3(walk(e.operand));
      case "compare": {
        const source = PROPERTY_FACTS[e.property];
        const fact = source?.fact ?? e.property;
        const raw = readFact(device, fact);
        const value = raw === MISSING ? MISSING : source === undefined ? raw : source.read(raw, platform);
        if (!read.some((r) => r.property === e.property))
          read.push({ property: e.property, fact, value: value === MISSING ? undefined : value });
        if (value === MISSING) return U;
        if (e.value === null) return (value === null) === (e.operator === "eq") ? T : F;
        if (value === null) return NEGATIVE.has(e.operator) ? T : F;
        return compare(
          VERSION_OPERATORS.has(e.operator) || e.property === "operatingSystemVersion" ? `v${e.operator}` : e.operator,
          value,
          e.value,
        );
      }
    }
  };
  return { truth: walk(expr), read };
}

const text = loweredText;

function compare(operator: string, actual: unknown, expected: string | boolean | string[]): Truth {
  if (typeof actual === "object") return E;
  const a = text(actual);
  switch (operator) {
    case "eq":
      return a === text(expected) ? T : F;
    case "ne":
      return a !== text(expected) ? T : F;
    case "startsWith":
      return a.startsWith(text(expected)) ? T : F;
    case "contains":
      return a.includes(text(expected)) ? T : F;
    case "notContains":
      return a.includes(text(expected)) ? F : T;
    case "in":
      return Array.isArray(expected) && loweredSet(expected).has(a) ? T : F;
    case "notIn":
      return Array.isArray(expected) && loweredSet(expected).has(a) ? F : T;
    case "veq":
    case "vne":
    case "vgt":
    case "vge":
    case "vlt":
    case "vle": {
      // operatingSystemVersion compares numerically per component (Intune: "version value types").
      const device = parseVersion(String(actual));
      const want = parseVersion(String(expected));
      if (!device.ok || !want.ok) return E;
      const c = compareVersionParts(device.parts, want.parts);
      const ok = { veq: c === 0, vne: c !== 0, vgt: c > 0, vge: c >= 0, vlt: c < 0, vle: c <= 0 }[operator];
      return ok === true ? T : F;
    }
    default:
      return E;
  }
}
