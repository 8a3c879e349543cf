/**
 * The shape of a policy test file (`*.test.yaml` next to the policies), after YAML/JSON
 * parsing. Fixtures are named snapshots; a case's device is a fixture name, an inline
 * object, `{ file: "path" }`, or `{ extends: "fixture", ...overrides }`. `each` rows make a
 * case table-driven: every row overlays the case's device and expectation.
 */
export interface TestFile {
  /** Policy files or directories the cases run against, relative to the test file (default: the runner's policy set). */
  policies?: string[];
  now?: string;
  tenant?: Record<string, unknown>;
  fixtures?: Record<string, unknown>;
  cases: TestCase[];
}

export interface TestCase {
  name: string;
  now?: string;
  tenant?: Record<string, unknown>;
  previous?: Record<string, unknown>;
  device?: unknown;
  deviceFile?: string;
  signIn?: unknown;
  expect: Expectation;
  each?: TestRow[];
}

export interface TestRow {
  name?: string;
  now?: string;
  tenant?: Record<string, unknown>;
  previous?: Record<string, unknown>;
  device?: Record<string, unknown>;
  signIn?: Record<string, unknown>;
  expect?: Expectation;
}

export interface Expectation {
  state?: string;
  policies?: Record<string, string>;
  /** Rules that must fail, as `policy.rule` or bare rule names; no other rule may fail. */
  failedRules?: string[];
  /** Rules that must be in error. */
  errorRules?: string[];
  waivedRules?: string[];
  decision?: "block" | "grant" | "notApplied";
  accessGrantedNow?: boolean;
  /** Policies (access) that must apply. */
  applies?: string[];
  unmetControls?: Record<string, string[]>;
  /** What each named report-only policy would have done (`notApplied` when it does not apply). */
  reportOnly?: Record<string, "success" | "failure" | "userActionRequired" | "notApplied">;
}
