import { Argument, Command } from "commander";
import { commandTree } from "../completion/command-tree.js";
import { buildProgram } from "../program.js";
import { bashCompletion } from "../completion/bash-completion.js";
import { zshCompletion } from "../completion/zsh-completion.js";
import { fishCompletion } from "../completion/fish-completion.js";

const SHELLS = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;

export function completionCommand(): Command {
  return new Command("completion")
    .description("print a shell completion script (commands, flags and their values, generated from this CLI)")
    .addArgument(new Argument("<shell>", "the shell").choices(Object.keys(SHELLS)))
    .addHelpText(
      "after",
      `
Examples:
  $ source <(tenet completion bash)                              # in ~/.bashrc
  $ source <(tenet completion zsh)                               # in ~/.zshrc, after compinit
  $ tenet completion fish > ~/.config/fish/completions/tenet.fish

Exit codes: 0 printed, 2 usage error.`,
    )
    .action(async (shell: keyof typeof SHELLS, _options: unknown, command: Command) => {
      // Only the command that runs is loaded (program.ts): build the whole tree, with the root
      // flags of the program as the user runs it (main.ts adds --debug).
      let running = command;
      while (running.parent !== null) running = running.parent;
      const full = await buildProgram();
      for (const option of running.options)
        if (!full.options.some((o) => o.long === option.long)) full.addOption(option);
      process.stdout.write(SHELLS[shell](commandTree(full)));
    });
}
