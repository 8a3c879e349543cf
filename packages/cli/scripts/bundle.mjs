// Bundles the `tenet` binary (and the `--jobs` worker) into dist/bin/ after `tsc -b`: loading
// ~900 separate ES modules (chevrotain's lodash-es alone is 650 files) cost 0.4-0.7 s of every
// start; one file per entry and a few shared chunks load in a tenth of that.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { build } from "rolldown";

const cli = new URL("../", import.meta.url);
const out = new URL("dist/bin/", cli);
const schemas = new URL("../parser/schemas/", cli);

// PGlite loads its WebAssembly and data files beside its own module, and @azure/identity is
// only needed by `tenet pull`: both stay packages (dependencies of @tenet/cli). `pg` asks for
// its optional native and Cloudflare bindings inside try/catch.
const external = [/^@electric-sql\/pglite/, /^@azure\/identity/, /^pg-native$/, /^pg-cloudflare/];

// @tenet/parser reads its built-in schemas from `../../schemas/` beside its own module; in the
// bundle they sit in `schemas/` beside the chunks, so that one path is rewritten.
const SCHEMA_URL = "new URL(`../../schemas/${FILES[root]}`, import.meta.url)";
const builtinSchemas = {
  name: "tenet-builtin-schemas",
  transform(code, id) {
    if (!id.endsWith("/parser/dist/schema/load-fact-schema.js")) return null;
    if (!code.includes(SCHEMA_URL)) throw new Error(`bundle: ${id} no longer reads ${SCHEMA_URL}; update bundle.mjs`);
    return code.replace(SCHEMA_URL, "new URL(`./schemas/${FILES[root]}`, import.meta.url)");
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  input: {
    tenet: new URL("dist/main.js", cli).pathname,
    "evaluate-worker": new URL("dist/run/evaluate-worker.js", cli).pathname,
  },
  external,
  platform: "node",
  plugins: [builtinSchemas],
  logLevel: "warn",
  output: { dir: out.pathname, format: "esm" },
});
// The device schema's validator (scripts/device-validator.mjs) is loaded from beside the chunk that validates.
copyFileSync(new URL("dist/input/device-validator.js", cli), new URL("device-validator.js", out));
mkdirSync(new URL("schemas/", out), { recursive: true });
for (const file of readdirSync(schemas)) copyFileSync(new URL(file, schemas), new URL(`schemas/${file}`, out));
