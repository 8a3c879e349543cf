import { Command } from "commander";
import { analyzeAccess, compareAccess, type AccessAnalysis } from "@tenet/evaluator";
import { withOptions, type SharedOptions } from "../options/option-groups.js";
import { choice, wholeNumber } from "../options/option-values.js";
import { EXIT, usageError } from "../exit-codes.js";
import { loadPolicyContext, readSettings } from "../policies/load-policy-context.js";
import { sarifLog } from "../render/render-sarif.js";
import { analyzeText, compareText, findingDiagnostic } from "../render/analyze-text.js";
import { paintWith, useColor } from "../terminal.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { tenantKnownIds } from "../signin/tenant-known-ids.js";

const FORMATS = ["text", "json", "sarif"] as const;
/** `--fail-on`: a requirement that fails (`gaps`, the default), any error or warning finding (`warnings`), or `never`. */
const FAIL_ON = ["gaps", "warnings", "never"] as const;
const COMPARE_FAIL_ON = ["changes", "loosened", "never"] as const;

type AnalyzeOptions = SharedOptions & {
  format: string;
  tenantDir?: string;
  failOn?: string;
  compare?: boolean;
  witnesses?: string;
  policyFindings: boolean;
};

function gated(a: AccessAnalysis, failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === "never") return false;
  if (a.requirements.some((r) => r.status === "fail")) return true;
  return failOn === "warnings" && a.findings.some((f) => f.severity !== "info");
}

function accessCommand(): Command {
  const access = new Command("access")
    .description(
      "Conditional Access analysis over every sign-in: gaps against the set's sign-in properties (or Tenet's " +
        "defaults), policies that never apply or are shadowed, each with a witness sign-in `tenet whatif` reproduces",
    )
    .argument(
      "[paths...]",
      "policy files or directories (default: tenet.config policy, else policies/); with --compare: OLD NEW",
    )
    .option(
      "--compare",
      "compare two policy sets (OLD NEW): the sign-in classes whose decision changes, with witnesses " +
        "(text or json)",
    )
    .option(
      "--witnesses <n>",
      "witness sign-ins per failing requirement, and uncovered regions per excluded user selector (default 3)",
    )
    .option(
      "--tenant-dir <dir>",
      "pulled snapshot directory whose groups.ndjson, directory-roles.ndjson and named-locations.ndjson list " +
        "the ids the tenant knows: a policy naming another is a finding (CP4107)",
    )
    .option(
      "--no-policy-findings",
      "skip per-policy findings (never applies, shadowed, subsumed, uncovered exclusions)",
    );
  return withOptions(access, ["policy", "now", "color"], { formats: FORMATS, default: "text" })
    .option(
      "--fail-on <what>",
      "exit 1 on `gaps` (a requirement fails; default), `warnings` (also a warning finding) or `never`; with " +
        "--compare: `changes` (default), `loosened` or `never`",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  $ tenet analyze access policies --now 2026-11-25T12:00:00Z\n  $ tenet analyze access " +
        "policies --format sarif > analysis.sarif\n  $ tenet analyze access policies --tenant-dir " +
        "examples/signin-log/tenant --now 2026-11-25T12:00:00Z  # CP4107 for the roles the sample tenant lacks\n  $ cp " +
        "-r policies old-policies    # e.g. the set on the main branch\n  $ tenet analyze access --compare " +
        "policies/access/everyone.tenet policies/access --now 2026-11-25T12:00:00Z  # exit 1\n\nExit codes: 0 no " +
        "finding meets --fail-on, 1 one does, 2 usage error, 3 policy errors.",
    )
    .action((paths: string[], options: AnalyzeOptions) => {
      const format = choice(options.format, FORMATS, "--format");
      const settings = readSettings(options, { deviceSchema: false });
      const paint = paintWith(useColor(process.stdout, options.color));
      const now = settings.now;
      const load = (p: string[]) =>
        loadPolicyContext(options, { paths: p, deviceSchema: false, warnings: "onErrors" }, settings).compiled;
      if (options.compare === true) {
        if (options.tenantDir !== undefined) throw usageError("CP5006", { flags: "`--compare` and `--tenant-dir`" });
        // A comparison's changes have no policy location for SARIF results: text or JSON only, never JSON under a SARIF name.
        if (format === "sarif") throw usageError("CP5006", { flags: "`--compare` and `--format sarif`" });
        if (paths.length !== 2)
          throw usageError("CP5201", { option: "--compare", needs: "two policy paths, OLD and NEW" });
        const failOn = choice(options.failOn ?? "changes", COMPARE_FAIL_ON, "--fail-on");
        const c = compareAccess(load([paths[0]!]), load([paths[1]!]), { now });
        if (format === "text") process.stdout.write(compareText(c, paint));
        else process.stdout.write(`${JSON.stringify({ now: now.iso, ...c }, null, 2)}\n`);
        const hit =
          failOn === "changes"
            ? c.changes.length > 0
            : failOn === "loosened" && c.changes.some((x) => x.direction !== "tightened");
        process.exitCode = hit ? EXIT.failed : EXIT.ok;
        return;
      }
      const failOn = choice(options.failOn ?? "gaps", FAIL_ON, "--fail-on");
      const witnesses = wholeNumber(options.witnesses, "--witnesses");
      const policyPaths = [
        ...(paths.length > 0 ? paths : (settings.config.policy ?? ["policies"])),
        ...(options.policy ?? []),
      ];
      const compiled = load(policyPaths);
      const tenant = options.tenantDir === undefined ? undefined : tenantKnownIds(options.tenantDir);
      if (tenant !== undefined && options.quiet !== true)
        printDiagnostics(tenant.diagnostics, new Map(), { color: useColor(process.stderr, options.color) });
      const a = analyzeAccess(compiled, {
        now,
        ...(tenant === undefined ? {} : { known: tenant.known }),
        policyFindings: options.policyFindings,
        ...(witnesses === undefined ? {} : { witnesses }),
      });
      if (format === "json")
        process.stdout.write(`${JSON.stringify({ now: now.iso, policySetHash: compiled.hash, ...a }, null, 2)}\n`);
      else if (format === "sarif")
        process.stdout.write(
          `${JSON.stringify(sarifLog(a.findings.map(findingDiagnostic), exceptionsApplied(a)), null, 2)}\n`,
        );
      else process.stdout.write(analyzeText(a, paint));
      process.exitCode = gated(a, failOn) ? EXIT.failed : EXIT.ok;
    });
}

/**
 * The SARIF run's property bag: each declared sign-in exception that excused (or, expired, no
 * longer excuses) classes of a requirement, with the properties it is limited to. Excused
 * classes are not results, so without this a pull-request check would not show them.
 */
function exceptionsApplied(a: AccessAnalysis): Record<string, unknown> | undefined {
  const byName = new Map<
    string,
    Record<string, unknown> & { requirements: { requirement: string; classes: number }[] }
  >();
  for (const r of a.requirements)
    for (const e of r.exceptions ?? []) {
      const entry = byName.get(e.name) ?? {
        name: e.name,
        reason: e.reason,
        approver: e.approver,
        expires: e.expires,
        expired: e.expired,
        ...(e.properties === undefined ? {} : { properties: e.properties }),
        requirements: [],
      };
      entry.requirements.push({ requirement: r.name, classes: e.classes });
      byName.set(e.name, entry);
    }
  return byName.size === 0 ? undefined : { exceptions: [...byName.values()] };
}

/** `tenet analyze`: analyses over a whole space rather than given inputs (today: `access`). */
export function analyzeCommand(): Command {
  return new Command("analyze").description("analyse policies over every possible input").addCommand(accessCommand());
}
