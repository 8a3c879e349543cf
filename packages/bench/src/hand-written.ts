/**
 * The Windows baseline (policies/compliance/windows.tenet) written by hand as a plain
 * function: the baseline Tenet's compiled evaluation is measured against. Returns the ids
 * of failing rules and of rules in error (missing or malformed facts), like Tenet does.
 */
export function handWrittenWindows(d: Record<string, unknown>): { fail: string[]; error: string[] } {
  const fail: string[] = [];
  const error: string[] = [];
  const check = (id: string, v: boolean | undefined) => (v === undefined ? error.push(id) : v ? 0 : fail.push(id));
  const dha = d["deviceHealthAttestationState"] as Record<string, unknown> | undefined;
  const wps = d["windowsProtectionState"] as Record<string, unknown> | undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const bool = (v: unknown) => (typeof v === "boolean" ? v : undefined);
  check("windows-baseline.os-supported", versionAtLeast(str(d["osVersion"]), [10, 0, 26100]));
  const eq = (v: unknown, want: string) => (str(v) === undefined ? undefined : v === want);
  check("windows-baseline.bitlocker", eq(dha?.["bitLockerStatus"], "enabled"));
  check("windows-baseline.secure-boot", eq(dha?.["secureBoot"], "enabled"));
  check("windows-baseline.code-integrity", eq(dha?.["codeIntegrity"], "enabled"));
  check("windows-baseline.tpm", d["tpmSpecificationVersion"] !== undefined && d["tpmSpecificationVersion"] !== null);
  check("windows-baseline.firewall", bool(d["firewallEnabled"]));
  const mp = bool(wps?.["malwareProtectionEnabled"]);
  const rtp = bool(wps?.["realTimeProtectionEnabled"]);
  check(
    "windows-baseline.antimalware",
    mp === false || rtp === false ? false : mp === undefined || rtp === undefined ? undefined : true,
  );
  const overdue = bool(wps?.["signatureUpdateOverdue"]);
  check("windows-baseline.signatures-current", overdue === undefined ? undefined : !overdue);
  const rank = ["secured", "low", "medium", "high"].indexOf(String(d["deviceThreatLevel"]));
  check("windows-baseline.threat-level", rank < 0 ? undefined : rank <= 1);
  return { fail, error };
}

function versionAtLeast(v: string | undefined, min: number[]): boolean | undefined {
  if (v === undefined || !/^\d+(\.\d+)*$/.test(v)) return undefined;
  const parts = v.split(".").map(Number);
  for (let i = 0; i < Math.max(parts.length, min.length); i++) {
    const a = parts[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
