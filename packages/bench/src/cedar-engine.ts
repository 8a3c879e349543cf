import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { NOW_MS } from "./peer-checks.js";

// cedar-wasm can crash V8 on Node 20 after many wasm calls unless this inlining is off.
setFlagsFromString("--no-turbo-inline-js-wasm-calls");
type Cedar = typeof import("@cedar-policy/cedar-wasm/nodejs");
const cedar = createRequire(import.meta.url)("@cedar-policy/cedar-wasm/nodejs") as Cedar;

const DAY = 86_400_000;
/** The twelve checks as Cedar `permit` policies over a request context built from the device. */
const POLICIES: Record<string, string> = {
  "os-supported":
    "context.os0 > 10 || (context.os0 == 10 && (context.os1 > 0 || (context.os1 == 0 && context.os2 >= 26100)))",
  encrypted: "context.isEncrypted == true",
  bitlocker: 'context.bitLockerStatus == "enabled"',
  "secure-boot": 'context.secureBoot == "enabled"',
  firewall: "context.firewallEnabled == true",
  antivirus: "context.malwareProtectionEnabled == true",
  realtime: "context.realTimeProtectionEnabled == true",
  signatures: "context.signatureUpdateOverdue == false",
  threat: '["secured", "low", "medium"].contains(context.threat)',
  password: "context.passcodeLength >= 8",
  tpm: "context.hasTpm",
  "checked-in": `context.lastSyncMs >= ${NOW_MS - 30 * DAY}`,
};

/** Cedar as a check engine: the policies that permit are the checks that pass. */
export function cedarEngine(): (d: Record<string, unknown>) => string[] {
  const staticPolicies = Object.fromEntries(
    Object.entries(POLICIES).map(([id, when]) => [id, `permit(principal, action, resource) when { ${when} };`]),
  );
  const parsed = cedar.preparsePolicySet("peer", { staticPolicies });
  if (parsed.type !== "success") throw new Error(`cedar: ${JSON.stringify(parsed.errors)}`);
  const ids = Object.keys(POLICIES);
  return (d) => {
    const v = String(d["osVersion"]).split(".").map(Number);
    const dha = d["deviceHealthAttestationState"] as Record<string, unknown>;
    const wps = d["windowsProtectionState"] as Record<string, unknown>;
    const context = {
      os0: v[0] ?? 0,
      os1: v[1] ?? 0,
      os2: v[2] ?? 0,
      isEncrypted: d["isEncrypted"] === true,
      bitLockerStatus: String(dha["bitLockerStatus"]),
      secureBoot: String(dha["secureBoot"]),
      firewallEnabled: d["firewallEnabled"] === true,
      malwareProtectionEnabled: wps["malwareProtectionEnabled"] === true,
      realTimeProtectionEnabled: wps["realTimeProtectionEnabled"] === true,
      signatureUpdateOverdue: wps["signatureUpdateOverdue"] === true,
      threat: String(d["deviceThreatLevel"]),
      passcodeLength: Number(d["passcodeLength"]),
      hasTpm: d["tpmSpecificationVersion"] !== undefined && d["tpmSpecificationVersion"] !== null,
      lastSyncMs: Date.parse(String(d["lastSyncDateTime"])),
    };
    const answer = cedar.statefulIsAuthorized({
      principal: { type: "User", id: "u" },
      action: { type: "Action", id: "check" },
      resource: { type: "Device", id: "d" },
      context,
      preparsedPolicySetId: "peer",
      entities: [],
    });
    if (answer.type !== "success") throw new Error(`cedar: ${JSON.stringify(answer.errors)}`);
    const passed = new Set(answer.response.diagnostics.reason);
    return ids.filter((id) => !passed.has(id)).sort();
  };
}
