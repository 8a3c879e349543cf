// Completion data read from the commander program itself, so a new command or flag completes without edits here.
import type { Command, Option } from "commander";

/** One flag as completion needs it: its spellings, whether a value follows, and the values it allows. */
export interface FlagSpec {
  names: string[];
  description: string;
  takesValue: boolean;
  choices?: readonly string[];
}

/** One command: its path from the root (`""`, `"history"`, `"history at"`), subcommands, flags and argument choices. */
export interface CommandSpec {
  path: string;
  description: string;
  subcommands: { name: string; description: string }[];
  flags: FlagSpec[];
  /** Values of the first argument when it is a closed set (`completion bash|zsh|fish`); else arguments are files. */
  argumentChoices?: readonly string[];
}

/** Every command of the tree, root first, in declaration order. */
export function commandTree(root: Command): CommandSpec[] {
  const specs: CommandSpec[] = [];
  const visit = (command: Command, path: string) => {
    const choices = command.registeredArguments[0]?.argChoices;
    specs.push({
      path,
      description: command.description(),
      subcommands: command.commands.map((c) => ({ name: c.name(), description: c.description() })),
      flags: [...command.options.filter((o) => !o.hidden).map(flag), HELP],
      ...(choices === undefined ? {} : { argumentChoices: choices }),
    });
    for (const sub of command.commands) visit(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(root, "");
  return specs;
}

const HELP: FlagSpec = { names: ["-h", "--help"], description: "display help for command", takesValue: false };

function flag(option: Option): FlagSpec {
  return {
    names: [option.short, option.long].filter((n): n is string => n !== undefined),
    description: option.description,
    takesValue: option.required || option.optional,
    ...(option.argChoices === undefined ? {} : { choices: option.argChoices }),
  };
}

/** Quotes a word for a POSIX shell (bash, zsh) inside single quotes. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `case` arms of a shell function, one per command path whose `words` are not empty. */
export function commandArms(
  tree: readonly CommandSpec[],
  words: (spec: CommandSpec) => string | undefined,
  action: (words: string) => string,
): string {
  return tree
    .map((spec) => [spec.path, words(spec)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([path, w]) => `    ${shellQuote(path)}) ${action(w)} ;;`)
    .join("\n");
}

/** The `case` arms that give the values of flags with a closed set, matched on `PATH|FLAG`. */
export function choiceArms(tree: readonly CommandSpec[], action: (choices: readonly string[]) => string): string {
  return tree
    .flatMap((spec) =>
      spec.flags
        .filter((f) => f.choices !== undefined)
        .map((f) => `    ${f.names.map((n) => shellQuote(`${spec.path}|${n}`)).join("|")}) ${action(f.choices!)} ;;`),
    )
    .join("\n");
}
