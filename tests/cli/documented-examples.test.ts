/**
 * Every example a person is shown is run as written: each `$ ...` line of every command's
 * `--help` (read from the commander program) and each command line of README.md's `sh` blocks,
 * in order, in a scratch copy of the repository's policies and examples, with `tenet` on PATH
 * through the install's bin link. An example must exit 0 unless it says `# exit N`. The few
 * that cannot run in a test are listed in SKIPPED with the reason; a skip that no longer
 * matches an example fails, so the list cannot go stale. `tenet pull` examples read a Graph
 * emulator on 127.0.0.1 (TENET_GRAPH_URL, TENET_GRAPH_TOKEN), never the network.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraphEmulator, type GraphEmulator } from "@tenet/graph/emulator";
import type { Command } from "commander";
import { buildProgram } from "../../packages/cli/dist/program.js";
import { ROOT, tenet } from "./run-cli.js";

/** Examples a test cannot run, each with its reason (matched by the whole command line). */
const SKIPPED = new Map<string, string>([
  [
    "tenet pull intune --auth azure-cli --out snapshot/ --signins-days 7",
    "signs in through the Azure CLI (`az`), which a test does not have; the same pull runs above with a token",
  ],
  [
    "npx -y pnpm@10 install --frozen-lockfile && npx -y pnpm@10 build",
    "installs from the npm registry, which a test never reaches; run on a fresh clone (docs/benchmarks.md, set-up)",
  ],
  ["npx -y pnpm@10 main", "fetches pnpm from the npm registry; `main` is the lint, fmt --check and check run here"],
  ["npx -y pnpm@10 test", "is this test suite"],
]);

interface Example {
  /** Where it is shown: `tenet check --help`, `README.md:120`. */
  where: string;
  command: string;
  /** The exit code it documents: `# exit N`, else 0. */
  exit: number;
}

const TOKEN = "documented-examples-token";
const BIN = join(ROOT, "node_modules", ".bin");
const WITHOUT_TENET = (process.env.PATH ?? "")
  .split(delimiter)
  .filter((p) => !p.endsWith(join("node_modules", ".bin")));
let graph: GraphEmulator;

beforeAll(async () => {
  graph = await startGraphEmulator({ devices: 12, pageSize: 5, token: TOKEN, signins: 5 });
});
afterAll(async () => {
  await graph.close();
});

/** A fresh working directory holding what the examples name: the policy library and the examples. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "tenet-examples-"));
  cpSync(join(ROOT, "policies"), join(dir, "policies"), { recursive: true });
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
  // fish makes its completions directory on first start; HOME is the scratch directory.
  mkdirSync(join(dir, ".config", "fish", "completions"), { recursive: true });
  return dir;
}

/** Runs one command line in `shell` without blocking: the Graph emulator answers from this process. */
function run(
  command: string,
  cwd: string,
  options: { shell?: string; path?: string[] } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(options.shell ?? "bash", ["-c", command], {
      cwd,
      env: {
        ...process.env,
        PATH: (options.path ?? [BIN, ...WITHOUT_TENET]).join(delimiter),
        HOME: cwd,
        NO_COLOR: "1",
        TENET_GRAPH_URL: graph.url,
        TENET_GRAPH_TOKEN: TOKEN,
      },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

function exampleOf(where: string, line: string): Example {
  const exit = /#\s*exit (\d+)/.exec(line);
  return { where, command: line, exit: exit === null ? 0 : Number(exit[1]) };
}

/** Every `$ ` line of every command's help, grouped by command: a group runs in order in one directory. */
async function helpExamples(): Promise<Example[][]> {
  const groups: Example[][] = [];
  const visit = (command: Command, path: string[]) => {
    let help = "";
    command.configureOutput({ writeOut: (s) => (help += s) });
    command.outputHelp();
    const name = ["tenet", ...path, "--help"].join(" ");
    const lines = help.split("\n").flatMap((l) => /^\s+\$ (.+)$/.exec(l)?.[1] ?? []);
    if (lines.length > 0) groups.push(lines.map((l) => exampleOf(name, l)));
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(await buildProgram(), []);
  return groups;
}

interface Fence {
  lang: string;
  line: number;
  body: string;
}

function readmeFences(): Fence[] {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    line: text.slice(0, m.index).split("\n").length,
    body: m[2]!,
  }));
}

/** The command lines of each `sh` block (comment lines are shown output); a block runs in order in one directory. */
function readmeExamples(): Example[][] {
  return readmeFences()
    .filter((f) => f.lang === "sh")
    .map((f) =>
      f.body
        .split("\n")
        .map((l, i) => [l.trim(), f.line + 1 + i] as const)
        .filter(([l]) => l !== "" && !l.startsWith("#"))
        .map(([l, n]) => exampleOf(`README.md:${n}`, l)),
    );
}

/** Runs a group: `export` lines carry into the lines after them, as in the shell the reader types into. */
async function runGroup(group: Example[], cwd: string, path?: string[]): Promise<void> {
  let exports = "";
  for (const example of group) {
    if (example.command.startsWith("export ")) {
      exports += `${example.command}\n`;
      continue;
    }
    const reason = SKIPPED.get(example.command.replace(/\s+#.*$/, ""));
    if (reason !== undefined) continue;
    // The zsh example runs as its comment says, in zsh after compinit (when the machine has zsh).
    const zsh = /completion zsh/.test(example.command);
    if (zsh && (await run("command -v zsh", cwd)).code !== 0) continue;
    const line = zsh ? `autoload -U compinit && compinit -u && ${example.command}` : example.command;
    const r = await run(`${exports}${line}`, cwd, {
      shell: zsh ? "zsh" : "bash",
      ...(path === undefined ? {} : { path }),
    });
    expect({
      where: example.where,
      command: example.command,
      code: r.code,
      output: r.code === example.exit ? "" : r.output.slice(0, 2000),
    }).toEqual({
      where: example.where,
      command: example.command,
      code: example.exit,
      output: "",
    });
  }
}

const HELP_EXAMPLES = await helpExamples();

describe("documented examples", () => {
  it("every skipped example is still shown somewhere", () => {
    const shown = [...HELP_EXAMPLES, ...readmeExamples()].flat().map((e) => e.command.replace(/\s+#.*$/, ""));
    for (const skipped of SKIPPED.keys()) expect(shown, skipped).toContain(skipped);
  });

  it.each(HELP_EXAMPLES.map((group) => [group[0]!.where, group] as const))(
    "%s: every example exits as documented",
    async (_where, group) => {
      await runGroup(group, scratch());
    },
    240_000,
  );

  it("README's set-up puts `tenet` on PATH from the repository's bin link", async () => {
    const setUp = readmeExamples().find((g) => g.some((e) => e.command.startsWith("export PATH")));
    expect(setUp?.map((e) => e.command)).toContain("tenet --version");
    // Run where the reader is, the repository root, with no `tenet` on PATH until the export.
    await runGroup(setUp!, ROOT, WITHOUT_TENET);
  });

  // README's blocks build on each other (a history store written in one is read in the next): one directory.
  let readmeDir: string | undefined;
  it.each(
    readmeExamples()
      .filter((g) => !g.some((e) => e.command.startsWith("export PATH")))
      .map((group) => [group[0]!.where, group] as const),
  )(
    "%s: every command exits as documented",
    async (_where, group) => {
      readmeDir ??= scratch();
      await runGroup(group, readmeDir);
    },
    240_000,
  );

  it("README's policy is the quick-start file, and it is formatted", () => {
    const policy = readmeFences().find((f) => f.lang === "tenet")!;
    expect(policy.body).toBe(readFileSync(join(ROOT, "examples/quick-start/laptops.tenet"), "utf8"));
    expect(tenet(["fmt", "-", "--check"], { input: policy.body })).toMatchObject({ code: 0, stdout: "" });
  });

  it("README's misspelled-fact message is what lint prints for that misspelling", () => {
    const shown = readmeFences().find((f) => f.lang === "" && f.body.includes("error[CP2001]"))!;
    const dir = scratch();
    const file = join(dir, "examples/quick-start/laptops.tenet");
    writeFileSync(file, readFileSync(file, "utf8").replace("device.osVersion >=", "device.osVerison >="));
    const r = tenet(["lint", "examples/quick-start/laptops.tenet"], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toContain(shown.body);
  });
});
