import { Command } from "commander";
import { builtinSchema, describeType, type FactType } from "@tenet/parser";
import { schemaOption } from "../options/option-values.js";
import { EXIT, usageError } from "../exit-codes.js";

export function schemaCommand(): Command {
  return new Command("schema")
    .description("print the built-in facts schema (device or signIn), or check a custom one")
    .argument("[which]", "device or signIn", "device")
    .option("--check <file>", "validate a custom facts schema and list the facts it declares")
    .addHelpText(
      "after",
      "\nExamples:\n  $ tenet schema device > device.schema.json\n  $ tenet schema --check device.schema.json",
    )
    .action((which: string, options: { check?: string }) => {
      if (options.check !== undefined) {
        const schema = schemaOption(options.check);
        process.stdout.write(
          `${options.check}: valid; facts:\n${listFacts(schema.root)
            .map((l) => `  ${l}`)
            .join("\n")}\n`,
        );
        process.exitCode = EXIT.ok;
        return;
      }
      const root = which === "signIn" || which === "signin" ? "signIn" : which === "device" ? "device" : undefined;
      if (root === undefined) {
        throw usageError("CP5015", { value: which, option: "[which]", help: "expected device or signIn" });
      }
      process.stdout.write(`${JSON.stringify(builtinSchema(root).json, null, 2)}\n`);
    });
}

/** Every fact a policy can read, with its type: `device.apps[].name: string` for fields of list elements. */
function listFacts(type: FactType, prefix = "device"): string[] {
  if (type.kind === "list") return listFacts(type.element, `${prefix}[]`);
  if (type.kind !== "object") return [];
  return Object.entries(type.properties).flatMap(([name, sub]) => {
    const path = `${prefix}.${name}`;
    return [`${path}: ${describeType(sub)}`, ...listFacts(sub, path)];
  });
}
