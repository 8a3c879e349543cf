// @tenet/testing: fast-check arbitraries from facts schemas and assertions over policies.
export { arbitrarySnapshot } from "./arbitrary-snapshot.js";
export type { NearTarget, SnapshotArbitraryOptions } from "./arbitrary-snapshot.js";
export { arbitrarySignIn } from "./arbitrary-signin.js";
export type { SignInArbitraryOptions } from "./arbitrary-signin.js";
export { collectBoundaries } from "./boundaries.js";
export type { Boundaries, PathBoundaries } from "./boundaries.js";
export {
  DEFAULT_RUNS,
  expectCompliant,
  expectEquivalent,
  expectImplies,
  findImplicationFailure,
} from "./assertions.js";
export type { PropertyOptions } from "./assertions.js";
export type { PolicyUnderTest } from "./decide.js";
export { describeRejection } from "./describe.js";
export { runTestFile } from "./run-tests.js";
export type { CaseResult, RunContext } from "./run-tests.js";
export type { Expectation, TestCase, TestFile, TestRow } from "./test-file.js";
export { validateTestFile } from "./validate-test-file.js";
export { propertiesOf, verifyProperty } from "./verify.js";
export type { PropertyResult, VerifyOptions } from "./verify.js";
export { computeCoverage } from "./coverage.js";
export type { ConditionCoverage, CoverageReport, CoverageSample, RuleCoverage } from "./coverage.js";
export { mutantsOf } from "./mutate.js";
export type { Mutant, PolicySource } from "./mutate.js";
export { describeSurvivors, mutationReport } from "./mutation-report.js";
export type { MutationReport } from "./mutation-report.js";
export { searchSnapshot } from "./search.js";
export type { SearchOptions } from "./search.js";
export { DEFAULT_TEST_NOW } from "./test-instant.js";
