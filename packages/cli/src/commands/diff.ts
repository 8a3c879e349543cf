import { Command } from "commander";
import { builtinSchema } from "@tenet/parser";
import { compile, evaluate, type CompiledPolicySet } from "@tenet/evaluator";
import { describeRejection, searchSnapshot } from "@tenet/testing";
import { withOptions, choiceOption } from "../options/option-groups.js";
import { choice, nowOption, tenantOption, wholeNumber } from "../options/option-values.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { plural, verb } from "../render/plural.js";
import { CliError, EXIT } from "../exit-codes.js";
import { expandPaths } from "../input/expand-paths.js";
import { snapshotDirectoryTenant } from "../input/snapshot-directory.js";
import { readSnapshots } from "../input/read-snapshots.js";
import { loadPolicies } from "../policies/load-policies.js";

/** What `diff --fail-on` can gate on. */
const DIFF_FAIL_ON = ["changes", "tightened", "loosened", "never"] as const;

/** A device the policies accept; anything else (grace period included) means it now fails something. */
const OK = new Set(["compliant"]);

export function diffCommand(): Command {
  const command = new Command("diff")
    .description(
      "what a policy change does: devices whose state changes between two policy versions, with a generated witness for each direction",
    )
    .argument("<old>", "the current policy file or directory")
    .argument("<new>", "the proposed policy file or directory")
    .option(
      "--fleet <file>",
      "device snapshots to compare on (NDJSON, JSON, YAML, directory, or a snapshot directory from `tenet pull`)",
    )
    .option("--seed <n>", "seed for generated witnesses", "1")
    .addOption(
      choiceOption(
        "--fail-on <what>",
        "exit 1 on `changes` (a fleet device or generated witness whose decision changes), " +
          "`tightened` (one stops being compliant), `loosened` (one becomes compliant), or `never` (default)",
        DIFF_FAIL_ON,
        "never",
      ),
    );
  return withOptions(command, ["now", "tenant"])
    .addHelpText(
      "after",
      [
        "",
        "Example: what raising the minimum Windows build would do to the example fleet",
        "  $ sed 's/10.0.26100/10.0.26200/g' examples/quick-start/laptops.tenet > stricter.tenet",
        "  $ tenet diff examples/quick-start/laptops.tenet stricter.tenet --fleet examples/fleet/devices.ndjson " +
          "--now 2026-11-25T12:00:00Z --fail-on tightened  # exit 1",
        "",
        "Exit codes: 0 compared (changes are reported, not failures, unless --fail-on says so), " +
          "1 a change --fail-on names, 2 usage or input error, 3 policy errors.",
      ].join("\n"),
    )
    .action(
      async (
        oldPath: string,
        newPath: string,
        options: { fleet?: string; now?: string; tenant?: string; seed: string; failOn: string },
      ) => {
        const failOn = choice(options.failOn, DIFF_FAIL_ON, "--fail-on");
        const now = nowOption(options.now);
        // A pulled snapshot directory as the fleet brings its tenant settings unless --tenant is given.
        const tenant = tenantOption(
          options.tenant ?? snapshotDirectoryTenant(options.fleet === undefined ? [] : [options.fleet]),
        );
        const [before, after] = [
          loadPolicies([oldPath], { now: now.millis }),
          loadPolicies([newPath], { now: now.millis }),
        ];
        const failing = [before, after].filter((loaded) => loaded.hasErrors);
        if (failing.length > 0)
          throw new CliError(
            failing.flatMap((l) => l.diagnostics),
            EXIT.policyErrors,
            new Map(failing.flatMap((l) => [...l.sources])),
          );
        const [a, b] = [compile(before.set), compile(after.set)];
        const opts = { now, explain: false, ...(tenant === undefined ? {} : { tenant }) };
        const state = (c: CompiledPolicySet, d: unknown) => evaluate(c, d, opts).state;
        const directions = { tightened: 0, loosened: 0, other: 0 };
        let inputErrors = 0;
        if (options.fleet !== undefined) {
          for await (const record of readSnapshots(expandPaths([options.fleet]))) {
            if (record.error !== undefined || record.value === undefined) {
              inputErrors++;
              if (record.error !== undefined) printDiagnostics([record.error], new Map());
              continue;
            }
            const [x, y] = [state(a, record.value), state(b, record.value)];
            if (x === y) continue;
            const kind = OK.has(x) && !OK.has(y) ? "tightened" : !OK.has(x) && OK.has(y) ? "loosened" : "other";
            directions[kind]++;
            const name =
              (record.value as Record<string, unknown>)["deviceName"] ??
              (record.value as Record<string, unknown>)["id"] ??
              `#${record.index + 1}`;
            process.stdout.write(`${String(name)}: ${x} -> ${y}\n`);
          }
          process.stdout.write(
            `\n${plural(directions.tightened, "device")} ${verb(directions.tightened, "stops", "stop")} being compliant, ` +
              `${directions.loosened} ${verb(directions.loosened, "becomes", "become")} compliant, ` +
              `${directions.other} ${verb(directions.other, "changes", "change")} otherwise\n`,
          );
        }
        const seed = wholeNumber(options.seed, "--seed") ?? 1;
        // Witnesses found, by direction: a generated device is a change as much as a fleet one.
        const witnessed = { tightened: false, loosened: false };
        // How far a device is from being compliant: 0 when it is, one more per rule that does not pass.
        const distance = (c: CompiledPolicySet, d: unknown) => {
          const r = evaluate(c, d, opts);
          if (r.state === "compliant") return 0;
          return (
            1 +
            r.policies.reduce(
              (n, p) =>
                n + p.rules.filter((x) => x.status === "fail" || x.status === "error" || x.status === "unknown").length,
              0,
            )
          );
        };
        for (const [label, count, accepting, rejecting] of [
          ["the new version rejects and the old accepts", directions.tightened, a, b],
          ["the new version accepts and the old rejects", directions.loosened, b, a],
        ] as const) {
          if (count > 0) continue;
          const witness = searchSnapshot(
            builtinSchema("device"),
            (d) => distance(accepting, d) + (OK.has(state(rejecting, d)) ? 1 : 0),
            {
              near: [before.set, after.set],
              now: now.iso,
              seed,
            },
          );
          if (witness === undefined) {
            process.stdout.write(
              `no device found that ${label} (generated and searched near both versions' bounds, seed ${seed})\n`,
            );
            continue;
          }
          witnessed[rejecting === b ? "tightened" : "loosened"] = true;
          const why = evaluate(rejecting, witness, { ...opts, explain: true });
          process.stdout.write(`witness: a device ${label} (seed ${seed}):\n${JSON.stringify(witness, null, 2)}\n`);
          process.stdout.write(
            `  ${rejecting === a ? "old" : "new"} version: ${why.state}\n${describeRejection(why)}\n`,
          );
        }
        const tightened = directions.tightened > 0 || witnessed.tightened;
        const loosened = directions.loosened > 0 || witnessed.loosened;
        const changed =
          failOn === "changes"
            ? tightened || loosened || directions.other > 0
            : failOn === "tightened"
              ? tightened
              : failOn === "loosened"
                ? loosened
                : false;
        process.exitCode = inputErrors > 0 ? EXIT.inputErrors : changed ? EXIT.failed : EXIT.ok;
      },
    );
}
