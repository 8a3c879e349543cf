import type { FactSchema, Instant } from "@tenet/parser";
import { compile, type CompiledPolicySet, type TenantSettings } from "@tenet/evaluator";
import { loadConfig, type TenetConfig } from "../config.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { CliError, EXIT } from "../exit-codes.js";
import type { SharedOptions } from "../options/option-groups.js";
import { nowOption, schemaOption, tenantOption } from "../options/option-values.js";
import { useColor } from "../terminal.js";
import { loadPolicies, type LoadedPolicies } from "./load-policies.js";

/** The settings shared by evaluating commands, each read once (flag, else config, else default). */
export interface Settings {
  config: TenetConfig;
  now: Instant;
  tenant?: TenantSettings;
  schema: FactSchema;
}

/** Everything a command evaluates with: the settings, and the policies loaded, checked and compiled. */
export interface PolicyContext extends Settings {
  policies: LoadedPolicies;
  compiled: CompiledPolicySet;
}

export interface ContextRequest {
  /** Policy paths to load instead of `-p` (verify and diff take them as arguments). */
  paths?: string[];
  /** Print warnings when the policies have no error (`onErrors`: only with errors, as `report` and `diff` do). */
  warnings?: "show" | "onErrors";
  /** Whether `--schema` applies (the device schema); commands over sign-ins use the built-in schemas. */
  deviceSchema?: boolean;
  /**
   * `error`: a policy file with no declarations (empty, or comments only) is an error, not a
   * warning. `check` asks for it: a wiped file in a policy set must not let a run pass.
   */
  emptyFiles?: "warning" | "error";
}

/** `--now`, `--tenant` and `--schema` (or the config's), read and checked before any work. */
export function readSettings(options: SharedOptions, request: ContextRequest = {}): Settings {
  const config = loadConfig();
  const now = nowOption(options.now ?? config.now);
  const tenant = tenantOption(options.tenant ?? config.tenant);
  const schema = schemaOption(request.deviceSchema === false ? undefined : (options.schema ?? config.schema));
  return { config, now, ...(tenant === undefined ? {} : { tenant }), schema };
}

/**
 * The prologue every evaluating command shares: config, `--now`, `--tenant`, `--schema`, then
 * the policies. Policy errors end the command (exit 3) with their diagnostics; warnings are
 * printed on standard error unless `--quiet`.
 */
export function loadPolicyContext(
  options: SharedOptions,
  request: ContextRequest = {},
  settings = readSettings(options, request),
): PolicyContext {
  const { config, now, schema } = settings;
  const paths = request.paths ?? options.policy ?? config.policy ?? ["policies"];
  const policies = loadPolicies(paths, {
    now: now.millis,
    ...(request.deviceSchema === false ? {} : { schemas: { device: schema } }),
  });
  const style = { format: options.format, color: useColor(process.stderr, options.color) };
  if (request.emptyFiles === "error") {
    policies.diagnostics = policies.diagnostics.map((d) =>
      d.code === "CP1013" ? { ...d, severity: "error" as const } : d,
    );
    policies.hasErrors = policies.diagnostics.some((d) => d.severity === "error");
  }
  if (policies.hasErrors) {
    const shown =
      options.quiet === true ? policies.diagnostics.filter((d) => d.severity === "error") : policies.diagnostics;
    throw new CliError(shown, EXIT.policyErrors, policies.sources);
  }
  if (request.warnings !== "onErrors" && options.quiet !== true)
    printDiagnostics(policies.diagnostics, policies.sources, style);
  return { ...settings, policies, compiled: compile(policies.set) };
}
