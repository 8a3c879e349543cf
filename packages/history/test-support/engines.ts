// Runs a history test suite on both engines: PGlite in-process and a real PostgreSQL server.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { startTestServer, type TestServer } from "./postgres-server.js";

export type EngineName = "embedded" | "postgres";

export interface TestEngine {
  readonly name: EngineName;
  /** A location for a new, empty store: a fresh directory, or a fresh database on the server. */
  location(): Promise<string>;
  /**
   * A location holding a new store already migrated: on the embedded engine a copy of one
   * created per file, since creating a PGlite database (its initdb) takes seconds.
   */
  migrated(): Promise<string>;
}

export function describeEngines(title: string, body: (engine: TestEngine) => void): void {
  describe.each(["embedded", "postgres"] as const)(`${title} (%s)`, (name) => {
    let server: TestServer | undefined;
    let root: string | undefined;
    let n = 0;
    let template: string | undefined;
    beforeAll(async () => {
      if (name === "postgres") server = await startTestServer();
      else root = mkdtempSync(join(tmpdir(), "tenet-history-"));
    });
    afterAll(async () => {
      await server?.stop();
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
    });
    body({
      name,
      async location() {
        n++;
        if (name === "postgres") return server!.database(`store_${n}`);
        return join(root!, `store-${n}`);
      },
      async migrated() {
        if (name === "postgres") return this.location();
        if (template === undefined) {
          template = join(root!, "template");
          const { HistoryStore } = await import("@tenet/history");
          await (await HistoryStore.open(template, { tool: "tenet test" })).close();
        }
        const copy = join(root!, `store-${++n}`);
        cpSync(template, copy, { recursive: true });
        return copy;
      },
    });
  });
}
