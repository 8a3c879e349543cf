import type { OutputRecord, Renderer } from "./output-record.js";

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");

/** `junit`: one test case per device and policy (a failure per noncompliant or errored policy), for CI dashboards. */
export const junitRenderer = (): Renderer => {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  return {
    begin: () => "",
    record: (r: OutputRecord) => {
      const device = r.result?.deviceName ?? r.result?.deviceId ?? `${r.input.source}#${r.input.line ?? r.input.index + 1}`;
      if (r.error !== undefined) {
        errors++;
        cases.push(`    <testcase classname="input" name="${xml(device)}"><error type="${r.error.code}" message="${xml(r.error.message)}"/></testcase>`);
        return "";
      }
      for (const p of r.result?.policies ?? []) {
        const name = `${xml(device)} / ${xml(p.policy)}`;
        const failed = p.rules.filter((x) => x.status === "fail" || x.status === "error");
        if (p.state === "noncompliant" || p.state === "error") {
          failures++;
          const detail = failed.map((x) => `${x.id}: ${x.status}${x.explanation?.remediation === undefined ? "" : ` (${x.explanation.remediation})`}`).join("\n");
          cases.push(`    <testcase classname="${xml(p.policy)}" name="${name}"><failure type="${p.state}" message="${xml(`${p.state}: ${failed.map((x) => x.rule).join(", ")}`)}">${xml(detail)}</failure></testcase>`);
        } else if (p.state === "notApplicable") {
          cases.push(`    <testcase classname="${xml(p.policy)}" name="${name}"><skipped message="notApplicable"/></testcase>`);
        } else cases.push(`    <testcase classname="${xml(p.policy)}" name="${name}"/>`);
      }
      return "";
    },
    end: () =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="tenet check" tests="${cases.length}" failures="${failures}" errors="${errors}">\n${cases.join("\n")}${cases.length > 0 ? "\n" : ""}  </testsuite>\n</testsuites>\n`,
  };
};
