import type { EntraFilterOperator } from "./access-model.js";

const ALL: readonly EntraFilterOperator[] = [
  "eq",
  "ne",
  "startsWith",
  "notStartsWith",
  "endsWith",
  "notEndsWith",
  "contains",
  "notContains",
  "in",
  "notIn",
];
const EQUALITY: readonly EntraFilterOperator[] = ["eq", "ne"];
const MEMBERSHIP: readonly EntraFilterOperator[] = ["eq", "ne", "in", "notIn"];
const COLLECTION: readonly EntraFilterOperator[] = ["contains", "notContains"];

/**
 * The device properties Conditional Access filters read and the operators Entra accepts on
 * each (the property table of "Filter for devices"); `isManaged` is not in that table and
 * takes equality like `isCompliant`.
 */
export const ENTRA_FILTER_OPERATORS: Readonly<Record<string, readonly EntraFilterOperator[]>> = {
  deviceId: MEMBERSHIP,
  displayName: ALL,
  operatingSystem: ALL,
  operatingSystemVersion: ALL,
  trustType: EQUALITY,
  isCompliant: EQUALITY,
  isManaged: EQUALITY,
  deviceOwnership: EQUALITY,
  manufacturer: ALL,
  model: ALL,
  profileType: EQUALITY,
  systemLabels: COLLECTION,
  physicalIds: COLLECTION,
  enrollmentProfileName: ALL,
  mdmAppId: MEMBERSHIP,
  ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, ALL])),
};

/** Device properties Conditional Access filters may read. */
export const ENTRA_FILTER_PROPERTIES: readonly string[] = Object.keys(ENTRA_FILTER_OPERATORS);

/** Boolean properties: compared with `True`/`False` (quoted or not). */
export const ENTRA_BOOLEAN_PROPERTIES: ReadonlySet<string> = new Set(["isCompliant", "isManaged"]);
