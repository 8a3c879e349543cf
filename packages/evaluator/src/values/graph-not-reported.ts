/**
 * Graph's "nothing here" forms on a managed device, read as not reported. Graph writes
 * `null` for most properties without a value, but some properties it declares non-nullable
 * or string-typed carry a placeholder instead: an empty string, .NET's minimum date, an
 * `unknown` enum member, a 0 where the list call does not return the value. Each rule
 * below names the property, the placeholder and the Graph reference that documents it
 * (docs/semantics.md lists them).
 */

/** Which placeholder a rule clears. */
export type NotReportedForm = "emptyString" | "zeroDate" | "unknownMember" | "zeroNumber";

/** One property whose placeholder value means "not reported". */
export interface NotReportedRule {
  /** Property of `managedDevice`, or `object.property` for a member of a nested Graph object. */
  path: string;
  form: NotReportedForm;
  /** The Graph reference that documents the placeholder. */
  source: string;
}

const DEVICE = "https://learn.microsoft.com/en-us/graph/api/resources/intune-devices-manageddevice?view=graph-rest-1.0";
const HEALTH =
  "https://learn.microsoft.com/en-us/graph/api/resources/intune-devices-devicehealthattestationstate?view=graph-rest-1.0";
const MIN_DATE = "https://learn.microsoft.com/en-us/dotnet/api/system.datetimeoffset.minvalue";
const enumPage = (name: string) =>
  `https://learn.microsoft.com/en-us/graph/api/resources/intune-devices-${name.toLowerCase()}?view=graph-rest-1.0`;

/** The rules, in the order docs/semantics.md lists them. */
export const GRAPH_NOT_REPORTED_RULES: readonly NotReportedRule[] = [
  // Strings Graph documents as "Default is an empty string", or that only one platform or a
  // cellular device has: "" says the device has nothing to report there.
  ...[
    "androidSecurityPatchLevel",
    "jailBroken",
    "imei",
    "meid",
    "iccid",
    "udid",
    "phoneNumber",
    "subscriberCarrier",
    "wiFiMacAddress",
    "ethernetMacAddress",
    "easDeviceId",
    "remoteAssistanceSessionUrl",
    "remoteAssistanceSessionErrorDetails",
  ].map((path): NotReportedRule => ({ path, form: "emptyString", source: DEVICE })),
  // Date-times the v1.0 CSDL declares non-nullable: without a value Graph writes
  // DateTimeOffset.MinValue, 0001-01-01T00:00:00Z.
  ...[
    "enrolledDateTime",
    "lastSyncDateTime",
    "easActivationDateTime",
    "exchangeLastSuccessfulSyncDateTime",
    "complianceGracePeriodExpirationDateTime",
    "managementCertificateExpirationDate",
  ].map((path): NotReportedRule => ({ path, form: "zeroDate", source: MIN_DATE })),
  { path: "deviceHealthAttestationState.issuedDateTime", form: "zeroDate", source: HEALTH },
  // Enum members Graph documents as "unknown" / "not collected" / "not yet reported".
  { path: "managedDeviceOwnerType", form: "unknownMember", source: enumPage("managedDeviceOwnerType") },
  { path: "managementAgent", form: "unknownMember", source: enumPage("managementAgentType") },
  { path: "deviceEnrollmentType", form: "unknownMember", source: enumPage("deviceEnrollmentType") },
  { path: "deviceRegistrationState", form: "unknownMember", source: enumPage("deviceRegistrationState") },
  { path: "exchangeAccessState", form: "unknownMember", source: enumPage("deviceManagementExchangeAccessState") },
  {
    path: "partnerReportedThreatState",
    form: "unknownMember",
    source: enumPage("managedDevicePartnerReportedHealthState"),
  },
  {
    path: "joinType",
    form: "unknownMember",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/intune-devices-jointype?view=graph-rest-beta",
  },
  // "Default is 0. To retrieve actual values GET call needs to be made": a list never has it.
  { path: "physicalMemoryInBytes", form: "zeroNumber", source: DEVICE },
];

const PLACEHOLDER_TEST: Record<NotReportedForm, (v: string) => string> = {
  emptyString: (v) => `${v} === ""`,
  // Any spelling of the minimum instant: `Z`, `.0000000Z`, `+00:00`.
  zeroDate: (v) => `typeof ${v} === "string" && ${v}.startsWith("0001-01-01T00:00:00")`,
  unknownMember: (v) => `${v} === "unknown"`,
  zeroNumber: (v) => `${v} === 0`,
};

/** A rule's property inside its top-level property (`owner`, "" for a top-level rule). */
type RuleStep = { owner: string; key: string; form: NotReportedForm };

function stepOf({ path, form }: NotReportedRule): RuleStep {
  const dot = path.indexOf(".");
  const owner = dot < 0 ? "" : path.slice(0, dot);
  const key = dot < 0 ? path : path.slice(dot + 1);
  if (!/^[A-Za-z]\w*$/.test(key) || (owner !== "" && !/^[A-Za-z]\w*$/.test(owner)))
    throw new Error(`internal error: rule path \`${path}\` is not a plain property name`);
  return { owner, key, form };
}

/**
 * The source of a function that clears `steps` in straight-line property reads: on the hot
 * path of `tenet check`, one literal read per rule keeps each site's inline cache monomorphic,
 * where a loop over the table reads every key at one megamorphic site (1.6-2.3x slower,
 * docs/benchmarks.md). The source is built only from the constant table above.
 */
function clearerSource(steps: readonly RuleStep[]): string {
  const lines: string[] = ["let n = 0;"];
  const byOwner = new Map<string, RuleStep[]>();
  for (const step of steps) byOwner.set(step.owner, [...(byOwner.get(step.owner) ?? []), step]);
  for (const [owner, keys] of byOwner) {
    const target = owner === "" ? "d" : "o";
    if (owner !== "")
      lines.push(
        `{ const o = hasOwn.call(d, "${owner}") ? d.${owner} : undefined; if (o !== null && typeof o === "object" && !Array.isArray(o)) {`,
      );
    for (const { key, form } of keys) {
      const v = `${target}.${key}`;
      // null rather than `delete`: the object keeps its shape, and null already means "not reported".
      lines.push(`if (${PLACEHOLDER_TEST[form](v)} && hasOwn.call(${target}, "${key}")) { ${v} = null; n++; }`);
    }
    if (owner !== "") lines.push("} }");
  }
  lines.push("return n;");
  return `(d) => { ${lines.join("\n")} }`;
}

type Clearer = (record: Record<string, unknown>) => number;

/** Compiles clearer sources, all in one `Function` (each `Function` costs a compile of its own). */
function compileClearers(sources: readonly string[]): Clearer[] {
  // The sources are generated from the constant rule table, never from input.
  return new Function("hasOwn", `return [${sources.join(",\n")}];`)(Object.prototype.hasOwnProperty) as Clearer[];
}

const STEPS = GRAPH_NOT_REPORTED_RULES.map(stepOf);
const clear = compileClearers([clearerSource(STEPS)])[0]!;
let byProperty: ReadonlyMap<string, Clearer> | undefined;

/**
 * The rules by the top-level property they concern (a rule's own, or its owner's for a
 * member): each function clears, in place, that property's placeholders as `clearNotReported`
 * would, and returns how many. For a caller that visits a record's own properties anyway.
 * Compiled at the first call.
 */
export function notReportedByProperty(): ReadonlyMap<string, Clearer> {
  if (byProperty === undefined) {
    const properties = [...new Set(STEPS.map((s) => s.owner || s.key))];
    const clearers = compileClearers(
      properties.map((property) => clearerSource(STEPS.filter((s) => (s.owner || s.key) === property))),
    );
    byProperty = new Map(properties.map((property, i) => [property, clearers[i]!]));
  }
  return byProperty;
}

/**
 * Replaces, in place, each placeholder of the rules above with `null` (Graph's own "not
 * reported", which every reader treats as a missing fact). Returns how many it replaced.
 * Cost is one property read per rule: the record is never walked.
 */
export function clearNotReported(device: unknown): number {
  if (device === null || typeof device !== "object" || Array.isArray(device)) return 0;
  return clear(device as Record<string, unknown>);
}
