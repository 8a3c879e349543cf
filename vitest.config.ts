import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string, entry = "index") => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the build (tsc -b) is checked separately by `pnpm test`.
<<<<<<< HEAD
    // Exact matches, so that a subpath (`@tenet/evaluator/testing`) is not read as a prefix.
    alias: [
      { find: /^@tenet\/parser$/, replacement: src("parser") },
      { find: /^@tenet\/evaluator$/, replacement: src("evaluator") },
      { find: /^@tenet\/evaluator\/testing$/, replacement: src("evaluator", "testing") },
      { find: /^@tenet\/intune$/, replacement: src("intune") },
      { find: /^@tenet\/testing$/, replacement: src("testing") },
    ],
=======
    alias: {
      "@tenet/parser": src("parser"),
      "@tenet/evaluator": src("evaluator"),
      "@tenet/intune": src("intune"),
      "@tenet/testing": src("testing"),
      // The subpath first: an alias also matches the imports below its name.
      "@tenet/graph/emulator": fileURLToPath(new URL("./packages/graph/src/emulator/index.ts", import.meta.url)),
      "@tenet/graph": src("graph"),
    },
>>>>>>> eb3dfc1 (graph: @tenet/graph, a read-only Graph connector (pullTenant, tenet pull intune) writing the snapshot directory, resumable from a checkpoint; a loopback Graph emulator with a generated tenant and fault injection)
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
