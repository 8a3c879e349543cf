import type { OutputRecord, Renderer, Summary } from "./output-record.js";
import { failsGate, type FailOn } from "../run/gate.js";
import { Spool } from "./spool.js";
import { builtinFailureText } from "./failure-text.js";
import { failure, testcase, testsuiteOpen, xmlText } from "./junit-xml.js";

/** One record's test cases and counts (computed on a worker thread with `--jobs`). */
interface Digest {
  text: string;
  tests: number;
  failures: number;
  errors: number;
}

/**
 * One test case per device, so the suite's counts are counts of devices: a device that fails the
 * `--fail-on` gate is a `<failure>` (an `<error>` when its state is `error`), an unreadable record
 * an `<error>`. failures + errors is then exactly what makes `check` exit non-zero.
 */
function digestUnder(failOn: FailOn): (r: OutputRecord) => Digest {
  return (r) => {
    const device =
      r.result?.deviceName ?? r.result?.deviceId ?? `${r.input.source}#${r.input.line ?? r.input.index + 1}`;
    const classname = r.result === undefined ? "input" : (r.result.platform ?? "unknown");
    const line = (inner: string) => `${testcase(classname, device, inner)}\n`;
    if (r.error !== undefined || r.result === undefined) {
      const code = r.error?.code ?? "input";
      return {
        text: line(`<error type="${code}" message="${xmlText(r.error?.message ?? "unreadable record")}"/>`),
        tests: 1,
        failures: 0,
        errors: 1,
      };
    }
    const result = r.result;
    if (!failsGate(result.state, failOn)) return { text: line(""), tests: 1, failures: 0, errors: 0 };
    const failed = result.policies.flatMap((p) => p.rules.filter((x) => x.status === "fail" || x.status === "error"));
    const detail = [
      ...result.policies
        .filter((p) => p.state !== "compliant" && p.state !== "notApplicable")
        .map((p) => `${p.policy}: ${p.state}`),
      ...failed.map(
        (x) =>
          `${x.id}: ${x.status}${x.explanation?.remediation === undefined ? "" : ` (${x.explanation.remediation})`}`,
      ),
      ...result.defaultPolicy.failed.map((f) => `built-in ${builtinFailureText(f, result.defaultPolicy)}`),
    ].join("\n");
    const failedIds = [...failed.map((x) => x.id), ...result.defaultPolicy.failed.map((f) => `built-in ${f}`)];
    const message = `${result.state}: ${failedIds.join(", ")}`;
    const element = result.state === "error" ? "error" : "failure";
    return {
      text: line(failure(message, detail, element, result.state)),
      tests: 1,
      failures: element === "failure" ? 1 : 0,
      errors: element === "error" ? 1 : 0,
    };
  };
}

/**
 * `junit`: one test case per device, for CI dashboards. The suite's counts come first in the
 * file, so the cases are spooled (to a temporary file on big fleets) until the end.
 */
export const junitRenderer = (failOn: FailOn = "inGracePeriod"): Renderer => {
  const digest = digestUnder(failOn);
  const cases = new Spool();
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const take = (value: unknown) => {
    const d = value as Digest;
    tests += d.tests;
    failures += d.failures;
    errors += d.errors;
    cases.append(d.text);
    return "";
  };
  const head = () =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${testsuiteOpen("tenet check", { tests, failures, errors })}\n`;
  const tail = "  </testsuite>\n</testsuites>\n";
  return {
    streams: false,
    reads: "result",
    separator: "",
    begin: () => "",
    digest,
    take,
    finish: async (_summary: Summary, write) => {
      await write(head());
      await cases.drainTo(write);
      await write(tail);
    },
  };
};
