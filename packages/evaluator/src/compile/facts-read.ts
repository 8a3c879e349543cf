import type { CompiledPolicySet } from "./compiled-policy-set.js";
import { pathNodes } from "./path-nodes.js";

/**
 * Top-level snapshot fields the engine reads itself, whatever the policies say: the device's
 * identity and platform, its previous state (grace periods, the seven-day error rule, pending
 * policies), the built-in default policy, Intune's reported states (`device.reported`), and
 * the user and device ids assignments resolve by.
 */
const ENGINE_FIELDS: readonly string[] = [
  "id",
  "deviceName",
  "operatingSystem",
  "androidManagementMode",
  "pendingPolicies",
  "noncompliantSince",
  "settingErrors",
  "previousComplianceState",
  "lastSyncDateTime",
  "enrolledUserExists",
  "reported",
  "deviceCompliancePolicyStates",
  "userId",
  "userPrincipalName",
  "azureADDeviceId",
];

/**
 * The top-level snapshot fields evaluating `compiled` can read: every field a compliance
 * policy, rule, `let` or waiver names (`device.osVersion` reads `osVersion`, and
 * `device.deviceHealthAttestationState.bitLockerStatus` the whole `deviceHealthAttestationState`),
 * plus `ENGINE_FIELDS`. `undefined` when any field may be read: a path naming the whole
 * snapshot, or assignment filters (an Intune filter rule names device properties in its own
 * text). A field outside the set cannot change a result: what `tenet check` validates.
 */
export function factsRead(compiled: CompiledPolicySet): ReadonlySet<string> | undefined {
  if (compiled.hasAssignments && compiled.assignmentFilters.size > 0) return undefined;
  const fields = new Set(ENGINE_FIELDS);
  const root = compiled.rootName;
  let whole = false;
  // Every declaration of every file (policies, rules, lets, waivers) is a tree of plain
  // objects: every Path node in it is found.
  for (const { names } of pathNodes([compiled.set.files, compiled.set.compliance, compiled.set.waivers])) {
    if (names[0] !== root) continue;
    if (names.length < 2 || typeof names[1] !== "string") {
      whole = true;
      break;
    }
    fields.add(names[1]);
  }
  return whole ? undefined : fields;
}
