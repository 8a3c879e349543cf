import type { OutputRecord, Renderer, Summary } from "./output-record.js";
import { Spool } from "./spool.js";

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");

/** One record's test cases and counts (computed on a worker thread with `--jobs`). */
interface Digest {
  text: string;
  tests: number;
  failures: number;
  errors: number;
}

function digest(r: OutputRecord): Digest {
  const d: Digest = { text: "", tests: 0, failures: 0, errors: 0 };
  const push = (testcase: string) => {
    d.tests++;
    d.text += `    ${testcase}\n`;
  };
  const device = r.result?.deviceName ?? r.result?.deviceId ?? `${r.input.source}#${r.input.line ?? r.input.index + 1}`;
  if (r.error !== undefined) {
    d.errors++;
    push(`<testcase classname="input" name="${xml(device)}"><error type="${r.error.code}" message="${xml(r.error.message)}"/></testcase>`);
    return d;
  }
  for (const p of r.result?.policies ?? []) {
    const name = `${xml(device)} / ${xml(p.policy)}`;
    const failed = p.rules.filter((x) => x.status === "fail" || x.status === "error");
    if (p.state === "noncompliant" || p.state === "error") {
      d.failures++;
      const detail = failed.map((x) => `${x.id}: ${x.status}${x.explanation?.remediation === undefined ? "" : ` (${x.explanation.remediation})`}`).join("\n");
      push(`<testcase classname="${xml(p.policy)}" name="${name}"><failure type="${p.state}" message="${xml(`${p.state}: ${failed.map((x) => x.rule).join(", ")}`)}">${xml(detail)}</failure></testcase>`);
    } else if (p.state === "notApplicable") {
      push(`<testcase classname="${xml(p.policy)}" name="${name}"><skipped message="notApplicable"/></testcase>`);
    } else push(`<testcase classname="${xml(p.policy)}" name="${name}"/>`);
  }
  return d;
}

/**
 * `junit`: one test case per device and policy (a failure per noncompliant or errored policy),
 * for CI dashboards. The suite's counts come first in the file, so the cases are spooled
 * (to a temporary file on big fleets) until the end.
 */
export const junitRenderer = (): Renderer => {
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
  const head = () => `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="tenet check" tests="${tests}" failures="${failures}" errors="${errors}">\n`;
  const tail = "  </testsuite>\n</testsuites>\n";
  return {
    streams: false,
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
