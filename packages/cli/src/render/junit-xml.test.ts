import { describe, expect, it } from "vitest";
import { failure, testcase, testsuiteOpen, testsuites } from "./junit-xml.js";

describe("JUnit XML pieces", () => {
  it("escapes markup and drops the control characters XML 1.0 forbids, in names, messages and bodies", () => {
    const line = testcase(
      "file <a>.test.yaml",
      'case "\u0001one"',
      failure("expected & got\u0007", "line\u001b 1\nline 2"),
    );
    expect(line).toBe(
      '    <testcase classname="file &lt;a&gt;.test.yaml" name="case &quot;one&quot;">' +
        '<failure message="expected &amp; got">line 1\nline 2</failure></testcase>',
    );
  });

  it("writes a passing case as an empty element and a suite with its counts", () => {
    const suite = `${testsuiteOpen("tenet verify", { tests: 2, failures: 0 })}\n${testcase("c", "n", "")}\n  </testsuite>`;
    expect(testsuites(suite)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n' +
        '  <testsuite name="tenet verify" tests="2" failures="0">\n    <testcase classname="c" name="n"/>\n  </testsuite>\n' +
        "</testsuites>\n",
    );
  });
});
