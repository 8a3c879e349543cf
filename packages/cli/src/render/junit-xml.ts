/**
 * The pieces of a JUnit XML file that `check`, `test` and `verify` share. Names and messages come
 * from snapshots and policy files, so text is escaped and the control characters XML 1.0 forbids
 * are dropped: one stray byte in a device name must not make a CI dashboard reject the whole file.
 */
export const xmlText = (s: string): string =>
  s
    .replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");

/** One `<testcase>` line; `inner` is already XML (empty for a passing case). */
export function testcase(classname: string, name: string, inner: string, indent = "    "): string {
  const open = `${indent}<testcase classname="${xmlText(classname)}" name="${xmlText(name)}"`;
  return inner === "" ? `${open}/>` : `${open}>${inner}</testcase>`;
}

/** A `<failure>` (or `<error>`) element with an escaped message attribute and body. */
export function failure(
  message: string,
  body: string,
  element: "failure" | "error" = "failure",
  type?: string,
): string {
  const typed = type === undefined ? "" : ` type="${type}"`;
  return `<${element}${typed} message="${xmlText(message)}">${xmlText(body)}</${element}>`;
}

/** The `<?xml?>` prologue and `<testsuites>` around suites already rendered. */
export function testsuites(suites: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites}\n</testsuites>\n`;
}

/** A `<testsuite>` start tag with its counts. */
export function testsuiteOpen(name: string, counts: Record<string, number>, indent = "  "): string {
  const attributes = Object.entries(counts)
    .map(([key, n]) => ` ${key}="${n}"`)
    .join("");
  return `${indent}<testsuite name="${xmlText(name)}"${attributes}>`;
}
