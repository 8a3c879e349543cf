import { Option, type Command } from "commander";
import { NOW_HELP, collectPaths } from "./option-values.js";

/** What the shared option groups put on a command's options object. */
export interface SharedOptions {
  policy?: string[];
  now?: string;
  tenant?: string;
  schema?: string;
  groups?: string;
  format?: string;
  output?: string;
  quiet?: boolean;
  color?: boolean;
}

/**
 * The options several commands share, declared once: a command names the groups it takes
 * (vitest's cli-config table). Each entry makes fresh `Option`s, as commander wants one
 * instance per command.
 */
const GROUPS = {
  policy: () =>
    new Option(
      "-p, --policy <path>",
      "policy file or directory; repeat or comma-separate for more (default: tenet.config policy, else policies/)",
    ).argParser(collectPaths),
  now: () => new Option("--now <instant>", `${NOW_HELP} (default: the current time)`),
  tenant: () =>
    new Option("--tenant <file>", "tenant settings JSON (secureByDefault, deviceComplianceCheckinThresholdDays)"),
  schema: () => new Option("--schema <file>", "custom device facts schema (JSON Schema)"),
  groups: () =>
    new Option(
      "--groups <file>",
      "group memberships for policies with assignments: NDJSON of Graph groups with transitiveMembers " +
        "(default: groups.ndjson of a pulled snapshot directory)",
    ),
  output: () =>
    new Option("-o, --output <file>", "write results to this file instead of standard output (the format is -f)"),
  quiet: () => new Option("-q, --quiet", "no warnings or progress on standard error"),
  color: () => new Option("--no-color", "no colours (also honours NO_COLOR; FORCE_COLOR forces them)"),
} as const;

export type OptionGroup = keyof typeof GROUPS;

/** `-f, --format`: the formats a command offers; without a default the command picks one (check: by terminal). */
export interface FormatChoice {
  formats: readonly string[];
  default?: string;
  /** Said after the list, e.g. how the default is chosen. */
  note?: string;
}

/** Adds the named shared groups (in the order given) and, with `format`, `-f/--format`. */
export function withOptions(command: Command, groups: readonly OptionGroup[], format?: FormatChoice): Command {
  for (const group of groups) command.addOption(GROUPS[group]());
  if (format !== undefined) command.addOption(formatOption(format));
  return command;
}

function formatOption(choice: FormatChoice): Option {
  return choiceOption(
    "-f, --format <format>",
    `output format${choice.note === undefined ? "" : ` (${choice.note})`}`,
    choice.formats,
    choice.default,
  );
}

/**
 * An option with a closed set of values, declared with commander's own `.choices()`: its help
 * lists them, completion offers them, and a wrong value is CP5005/CP5015 (see main.ts).
 */
export function choiceOption(
  flags: string,
  description: string,
  values: readonly string[],
  defaultValue?: string,
): Option {
  const option = new Option(flags, description).choices(values);
  return defaultValue === undefined ? option : option.default(defaultValue);
}
