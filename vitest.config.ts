import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string, entry = "index") =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the build (tsc -b) is checked separately by `pnpm test`.
    // Exact matches, so that a subpath (`@tenet/evaluator/testing`) is not read as a prefix.
    alias: [
      { find: /^@tenet\/parser$/, replacement: src("parser") },
      { find: /^@tenet\/evaluator$/, replacement: src("evaluator") },
      { find: /^@tenet\/evaluator\/testing$/, replacement: src("evaluator", "testing") },
      { find: /^@tenet\/intune$/, replacement: src("intune") },
      { find: /^@tenet\/testing$/, replacement: src("testing") },
      { find: /^@tenet\/graph$/, replacement: src("graph") },
      { find: /^@tenet\/graph\/emulator$/, replacement: src("graph", "emulator/index") },
      { find: /^@tenet\/history$/, replacement: src("history") },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
