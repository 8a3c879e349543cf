import { Command } from "commander";
import { builtinSchema, GRANT_CONTROL_NAMES } from "@tenet/parser";
import { prepareAccess, type AccessDecision } from "@tenet/evaluator";
import { accessSummary } from "@tenet/intune";
import { withOptions, type SharedOptions, choiceOption } from "../options/option-groups.js";
import { choice } from "../options/option-values.js";
import { EXIT } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryFiles } from "../input/snapshot-directory.js";
import { parseRaw, readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicyContext } from "../policies/load-policy-context.js";
import { paintWith, useColor } from "../terminal.js";
import { whatifText } from "../render/whatif-text.js";
import { signInReader } from "../signin/read-sign-in.js";

const FORMATS = ["text", "json", "intune"] as const;
/** `--fail-on` values: the two decisions, and each grant control an access policy can require. */
const WHATIF_FAIL_ON = ["never", "blocked", "notGranted", ...GRANT_CONTROL_NAMES] as const;

/**
 * `whatif --fail-on`: `never`, `blocked`, `notGranted` (blocked or not granted until the user
 * satisfies more), or a grant control an enforced policy still requires of the sign-in.
 */
function meetsWhatifGate(d: AccessDecision, failOn: string): boolean {
  if (failOn === "never") return false;
  if (failOn === "blocked") return d.decision === "block";
  if (failOn === "notGranted") return d.decision === "block" || !d.accessGrantedNow;
  return d.policies.some((p) => p.applies && p.state === "enabled" && (p.unmet as readonly string[]).includes(failOn));
}

export function whatifCommand(): Command {
  const command = new Command("whatif")
    .description("What If: which access policies apply to a sign-in, the decision, and what the user must still do")
    .argument(
      "<signins...>",
      "sign-in snapshots or Entra sign-in log records (Graph signIn, Log Analytics SigninLogs; JSON, NDJSON, YAML), " +
        "directories, globs, - for stdin, or a snapshot directory from `tenet pull --signins-days N` (its signins.ndjson)",
    )
    .option(
      "--tenant-dir <dir>",
      "pulled snapshot directory whose groups.ndjson, directory-roles.ndjson and named-locations.ndjson answer " +
        "what a sign-in log does not record (default: the directory of the log file, when it has manifest.json)",
    );
  return withOptions(command, ["policy", "now", "color"], { formats: FORMATS, default: "text" })
    .addOption(
      choiceOption(
        "--fail-on <what>",
        "exit 1 when a sign-in is `blocked`, is `notGranted` now (blocked, or needs a control the user has not " +
          "satisfied), still needs a named control (`mfa`, `compliantDevice`, `passwordChange`, ...), or `never` (default)",
        WHATIF_FAIL_ON,
        "never",
      ),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ tenet whatif -p policies examples/signins/guest-from-untrusted.json --now 2026-11-25T12:00:00Z",
        "  $ tenet whatif -p policies examples/signins --format intune",
        "  $ tenet whatif -p policies examples/signin-log/signins-export.json --tenant-dir examples/signin-log/tenant",
        "",
        "Exit codes: 0 evaluated (and no sign-in meets --fail-on), 1 some sign-in meets --fail-on, " +
          "2 usage error or unreadable sign-ins, 3 policy errors.",
      ].join("\n"),
    )
    .action(
      async (signins: string[], options: SharedOptions & { format: string; failOn: string; tenantDir?: string }) => {
        const format = choice(options.format, FORMATS, "--format");
        const failOn = choice(options.failOn, WHATIF_FAIL_ON, "--fail-on");
        const { now, compiled } = loadPolicyContext(options, { deviceSchema: false });
        const validate = snapshotValidator(builtinSchema("signIn"));
        const paint = paintWith(useColor(process.stdout, options.color));
        const prepared = prepareAccess(compiled, { now });
        const toSignIn = signInReader(compiled, options.tenantDir);
        let inputErrors = 0;
        let gated = 0;
        for await (const raw of readSnapshots(expandPaths(snapshotDirectoryFiles(signins, "signins.ndjson")))) {
          const parsed = parseRaw(raw);
          const mapped = parsed.error === undefined ? toSignIn(parsed.value, parsed.source) : undefined;
          const record = validate(mapped === undefined ? parsed : { ...parsed, value: mapped.value });
          const where = `${record.source}${record.line === undefined ? "" : `:${record.line}`}`;
          if (record.error !== undefined) {
            inputErrors++;
            printDiagnostics([record.error], new Map());
            continue;
          }
          const decision = prepared.evaluate(record.value);
          const log =
            mapped?.shape === undefined
              ? undefined
              : {
                  shape: mapped.shape,
                  ...(mapped.tenantDir === undefined ? {} : { tenantDir: mapped.tenantDir }),
                  signIn: record.value,
                };
          if (meetsWhatifGate(decision, failOn)) gated++;
          if (format === "json")
            process.stdout.write(
              `${JSON.stringify({ input: where, ...decision, ...(log === undefined ? {} : { signInLog: log }) })}\n`,
            );
          else if (format === "intune") process.stdout.write(`${JSON.stringify(accessSummary(decision))}\n`);
          else process.stdout.write(whatifText(where, decision, paint, log));
        }
        process.exitCode = inputErrors > 0 ? EXIT.inputErrors : gated > 0 ? EXIT.failed : EXIT.ok;
      },
    );
}
