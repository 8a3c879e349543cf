import { Command } from "commander";
import { builtinSchema } from "@tenet/parser";
import { prepareAccess } from "@tenet/evaluator";
import { accessSummary } from "@tenet/intune";
import { withOptions, type SharedOptions } from "../options/option-groups.js";
import { choice } from "../options/option-values.js";
import { EXIT } from "../exit-codes.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryFiles } from "../input/snapshot-directory.js";
import { parseRaw, readSnapshots } from "../input/read-snapshots.js";
import { snapshotValidator } from "../input/validate-snapshot.js";
import { loadPolicyContext } from "../policies/load-policy-context.js";
import { paintWith, useColor } from "../terminal.js";
import { whatifText } from "../render/whatif-text.js";
import { signInReader } from "../signin/read-sign-in.js";

const FORMATS = ["text", "json", "intune"] as const;

export function whatifCommand(): Command {
  const command = new Command("whatif")
    .description("What If: which access policies apply to a sign-in, the decision, and what the user must still do")
    .argument("<signins...>", "sign-in snapshots or Entra sign-in log records (Graph signIn, Log Analytics SigninLogs; JSON, NDJSON, YAML), directories, globs, - for stdin, or a snapshot directory from `tenet pull --signins-days N` (its signins.ndjson)")
    .option("--tenant-dir <dir>", "pulled snapshot directory whose groups.ndjson, directory-roles.ndjson and named-locations.ndjson answer what a sign-in log does not record (default: the directory of the log file, when it has manifest.json)");
  return withOptions(command, ["policy", "now", "color"], { formats: FORMATS, default: "text" })
    .addHelpText("after", "\nExamples:\n  $ tenet whatif -p policies examples/signins/guest-from-untrusted.json --now 2026-11-25T12:00:00Z\n  $ tenet whatif -p policies examples/signins --format intune\n  $ tenet whatif -p policies signins-export.json --tenant-dir ./tenant\n\nExit codes: 0 evaluated, 2 usage error or unreadable sign-ins, 3 policy errors.")
    .action(async (signins: string[], options: SharedOptions & { format: string; tenantDir?: string }) => {
      const format = choice(options.format, FORMATS, "--format");
      const { now, compiled } = loadPolicyContext(options, { deviceSchema: false });
      const validate = snapshotValidator(builtinSchema("signIn"));
      const paint = paintWith(useColor(process.stdout, options.color));
      const prepared = prepareAccess(compiled, { now });
      const toSignIn = signInReader(compiled, options.tenantDir);
      let inputErrors = 0;
      for await (const raw of readSnapshots(expandPaths(snapshotDirectoryFiles(signins, "signins.ndjson")))) {
        const parsed = parseRaw(raw);
        const mapped = parsed.error === undefined ? toSignIn(parsed.value, parsed.source) : undefined;
        const record = validate(mapped === undefined ? parsed : { ...parsed, value: mapped.value });
        const where = `${record.source}${record.line === undefined ? "" : `:${record.line}`}`;
        if (record.error !== undefined) {
          inputErrors++;
          process.stderr.write(`${where}: error[${record.error.code}]: ${record.error.message}\n`);
          continue;
        }
        const decision = prepared.evaluate(record.value);
        const log = mapped?.shape === undefined ? undefined : { shape: mapped.shape, ...(mapped.tenantDir === undefined ? {} : { tenantDir: mapped.tenantDir }), signIn: record.value };
        if (format === "json") process.stdout.write(`${JSON.stringify({ input: where, ...decision, ...(log === undefined ? {} : { signInLog: log }) })}\n`);
        else if (format === "intune") process.stdout.write(`${JSON.stringify(accessSummary(decision))}\n`);
        else process.stdout.write(whatifText(where, decision, paint, log));
      }
      process.exitCode = inputErrors > 0 ? EXIT.inputErrors : EXIT.ok;
    });
}
