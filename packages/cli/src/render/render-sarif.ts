import { CATALOG, type Diagnostic } from "@tenet/parser";
import { ENGINE_VERSION } from "@tenet/evaluator";

/** Diagnostics as a SARIF 2.1.0 log, for code-scanning UIs. */
export function sarifLog(diagnostics: Diagnostic[], properties?: Record<string, unknown>): Record<string, unknown> {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const entry = (code: string) => CATALOG[code as keyof typeof CATALOG];
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "tenet",
            version: ENGINE_VERSION,
            informationUri: "https://github.com/tenet-policy/tenet",
            rules: codes.map((code) => ({
              id: code,
              name: entry(code)?.title ?? code,
              shortDescription: { text: entry(code)?.message ?? code },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: d.severity === "info" ? "note" : d.severity,
          message: { text: d.help === undefined ? d.message : `${d.message} (${d.help})` },
          // A usage error (file "") is about the invocation: SARIF allows a result without a location.
          locations:
            d.span.file === ""
              ? []
              : [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: d.span.file.replace(/\\/g, "/") },
                      region: {
                        startLine: d.span.start.line,
                        startColumn: d.span.start.column,
                        endLine: d.span.end.line,
                        endColumn: Math.max(d.span.end.column, d.span.start.column),
                      },
                    },
                  },
                ],
        })),
        // A SARIF property bag: what the run knows beyond its results (e.g. the exceptions an analysis applied).
        ...(properties === undefined ? {} : { properties }),
      },
    ],
  };
}
