/**
 * `tenet completion bash|zsh|fish`: the bash script is sourced in a real bash and asked, as
 * readline would through COMP_WORDS/COMP_CWORD, for commands, flags, flag values and files.
 * The zsh and fish scripts are checked by their shells' own parsers and, in fish, by asking it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tenet } from "./run-cli.js";

const script = (shell: string) => {
  const r = tenet(["completion", shell]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

describe("tenet completion bash", () => {
  const dir = mkdtempSync(join(tmpdir(), "tenet-completion-"));
  const file = join(dir, "tenet.bash");
  writeFileSync(file, script("bash"));
  writeFileSync(join(dir, "fleet.ndjson"), "{}\n");
  writeFileSync(join(dir, "fleet-old.json"), "{}\n");

  /** What bash offers for the command line `line` with the cursor at its end (a trailing space starts a new word). */
  const complete = (line: string): string[] => {
    const words = line.split(" ");
    const program = [
      `source ${JSON.stringify(file)}`,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE='${line}'`,
      `COMP_POINT=${line.length}`,
      "_tenet",
      `printf '%s\\n' "\${COMPREPLY[@]}"`,
    ].join("\n");
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", program], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split("\n").filter((l) => l !== "");
  };

  it("is registered for `tenet` when sourced", () => {
    const r = spawnSync(
      "bash",
      ["--norc", "--noprofile", "-c", `source ${JSON.stringify(file)} && complete -p tenet`],
      {
        encoding: "utf8",
      },
    );
    expect(r.stdout.trim()).toBe("complete -F _tenet tenet");
  });

  it("completes commands and nested commands", () => {
    expect(complete("tenet ch")).toEqual(["check"]);
    expect(complete("tenet ")).toEqual(expect.arrayContaining(["check", "explain", "fmt", "history", "completion"]));
    expect(complete("tenet history r")).toEqual(["runs", "replay"]);
    expect(complete("tenet audit ")).toEqual(["verify", "anchor", "repair"]);
  });

  it("completes the flags of the command being typed, after flags with values too", () => {
    expect(complete("tenet check --fa")).toEqual(["--fail-on"]);
    expect(complete("tenet fmt --")).toEqual(["--check", "--diff", "--no-color", "--help"]);
    // `-p policies` is a flag and its value, not the command word: still `check`'s flags.
    expect(complete("tenet check -p policies --on")).toEqual(["--only"]);
    expect(complete("tenet history at --hi")).toEqual(["--history"]);
    expect(complete("tenet --v")).toEqual(["--version"]);
  });

  it("completes the values of closed flags and arguments, files elsewhere", () => {
    expect(complete("tenet check -f j")).toEqual(["json", "junit"]);
    expect(complete("tenet check --format s")).toEqual(["sarif"]);
    expect(complete("tenet check --fail-on ")).toEqual(["inGracePeriod", "noncompliant", "error", "never"]);
    expect(complete("tenet lint --format ")).toEqual(["text", "json", "sarif"]);
    expect(complete("tenet completion ")).toEqual(["bash", "zsh", "fish"]);
    expect(complete("tenet check -p policies fleet").sort()).toEqual(["fleet-old.json", "fleet.ndjson"]);
    expect(complete("tenet check --tenant fleet-o")).toEqual(["fleet-old.json"]);
  });
});

describe("tenet completion zsh and fish", () => {
  it.runIf(has("zsh"))("zsh defines _tenet and, asked as compsys would, offers commands, flags and values", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tenet-completion-")), "tenet.zsh");
    writeFileSync(file, script("zsh"));
    const loads = spawnSync(
      "zsh",
      ["-f", "-c", `autoload -U compinit && compinit -u -D && source ${file} && whence -w _tenet`],
      {
        encoding: "utf8",
      },
    );
    expect(loads.stderr).toBe("");
    expect(loads.stdout.trim()).toBe("_tenet: function");
    // compsys's builtins replaced by ones that print what they were given, so the function's choices can be read.
    const ask = (line: string) => {
      const words = line.split(" ");
      const program = [
        "compdef() { :; }",
        'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }',
        '_describe() { local -a items; items=("${(@P)4}"); print -l -- "${items[@]%%:*}"; }',
        "_files() { print -- '<files>'; }",
        `source ${file}`,
        `words=(${words.map((w) => `'${w}'`).join(" ")})`,
        `CURRENT=${words.length}`,
        "_tenet",
      ].join("\n");
      const r = spawnSync("zsh", ["-f", "-c", program], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      return r.stdout.split("\n").filter((l) => l !== "");
    };
    expect(ask("tenet ")).toEqual(expect.arrayContaining(["check", "history", "completion"]));
    expect(ask("tenet history ")).toEqual(["runs", "at", "device", "diff", "trend", "replay", "verify"]);
    expect(ask("tenet fmt --")).toEqual(["--check", "--diff", "--no-color", "-h", "--help"]);
    expect(ask("tenet check -p policies --fail-on ")).toEqual(["inGracePeriod", "noncompliant", "error", "never"]);
    expect(ask("tenet check -p policies ")).toEqual(["<files>"]);
    expect(ask("tenet completion ")).toEqual(["bash", "zsh", "fish"]);
  });

  it.runIf(has("fish"))("fish completes commands, flags and values", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tenet-completion-")), "tenet.fish");
    writeFileSync(file, script("fish"));
    const ask = (line: string) => {
      const r = spawnSync("fish", ["--no-config", "-c", `source ${file}; complete -C ${JSON.stringify(line)}`], {
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      return r.stdout
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => l.split("\t")[0]);
    };
    expect(ask("tenet ch")).toEqual(["check"]);
    expect(ask("tenet history r").sort()).toEqual(["replay", "runs"]);
    expect(ask("tenet check --fail")).toEqual(["--fail-on"]);
    expect(ask("tenet check -p policies --format j").sort()).toEqual(["json", "junit"]);
  });
});
