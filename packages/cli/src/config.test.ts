import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { CliError } from "./exit-codes.js";

describe("loadConfig", () => {
  const project = (config: string) => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-config-unit-"));
    writeFileSync(join(dir, "tenet.config.yaml"), config);
    mkdirSync(join(dir, "sub", "deeper"), { recursive: true });
    return dir;
  };

  it("resolves `history` relative to the config file's directory, as it does policy, tenant and schema", () => {
    const dir = project("history: .tenet-history\npolicy: rules\ntenant: tenant.json\n");
    expect(loadConfig(join(dir, "sub", "deeper"), {})).toEqual({
      history: join("..", "..", ".tenet-history"),
      policy: [join("..", "..", "rules")],
      tenant: join("..", "..", "tenant.json"),
    });
    expect(loadConfig(dir, {})).toMatchObject({ history: ".tenet-history" });
  });

  it("keeps a postgres:// history URL as written", () => {
    const dir = project("history: postgres://tenet@db.example:5432/tenet\n");
    expect(loadConfig(join(dir, "sub"), {}).history).toBe("postgres://tenet@db.example:5432/tenet");
  });

  it("reads `volatileFields` as a list of field names and refuses anything else with CP5008", () => {
    expect(loadConfig(project("volatileFields: [lastSyncDateTime, lastContactedDateTime]\n"), {})).toEqual({
      volatileFields: ["lastSyncDateTime", "lastContactedDateTime"],
    });
    for (const bad of ["volatileFields: lastSyncDateTime\n", "volatileFields: [lastSyncDateTime, 3]\n"]) {
      const dir = project(bad);
      const thrown = (() => {
        try {
          loadConfig(dir, {});
        } catch (error) {
          return error;
        }
      })();
      expect(thrown).toBeInstanceOf(CliError);
      expect((thrown as CliError).diagnostics.map((d) => [d.code, d.message])).toEqual([
        ["CP5008", "invalid configuration in `tenet.config.yaml`: `volatileFields` must be a list of field names"],
      ]);
    }
  });
});
