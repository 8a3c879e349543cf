import { Command } from "commander";
import { ENGINE_VERSION } from "./version.js";

/** Build the `tenet` commander program; commands register themselves in `commands/`. */
export function buildProgram(): Command {
  const program = new Command("tenet")
    .description("policy-as-code for device compliance and conditional access")
    .version(ENGINE_VERSION, "-V, --version");
  return program;
}
