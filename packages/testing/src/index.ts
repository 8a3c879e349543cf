// @tenet/testing: fast-check arbitraries from facts schemas and assertions over policies.
export { arbitrarySnapshot } from "./arbitrary-snapshot.js";
export type { NearTarget, SnapshotArbitraryOptions } from "./arbitrary-snapshot.js";
export { arbitrarySignIn } from "./arbitrary-signin.js";
export type { SignInArbitraryOptions } from "./arbitrary-signin.js";
export { collectBoundaries, mergeBoundaries } from "./boundaries.js";
export type { Boundaries, PathBoundaries } from "./boundaries.js";
export { DEFAULT_RUNS, expectCompliant, expectEquivalent, expectImplies, findImplicationFailure } from "./assertions.js";
export type { PropertyOptions } from "./assertions.js";
export { accepts } from "./decide.js";
export type { PolicyUnderTest } from "./decide.js";
export { describeRejection } from "./describe.js";
export { compareAccess, compareDevice, expandCases, runTestFile } from "./run-tests.js";
export type { CaseResult, RunContext } from "./run-tests.js";
export type { Expectation, TestCase, TestFile, TestRow } from "./test-file.js";
export { propertiesOf, verifyProperty } from "./verify.js";
export type { PropertyResult, VerifyOptions } from "./verify.js";
export { computeCoverage } from "./coverage.js";
export type { ConditionCoverage, CoverageReport, CoverageSample, RuleCoverage } from "./coverage.js";
