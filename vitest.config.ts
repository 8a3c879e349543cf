import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the build (tsc -b) is checked separately by `pnpm test`.
    alias: {
      "@tenet/parser": src("parser"),
      "@tenet/evaluator": src("evaluator"),
      "@tenet/intune": src("intune"),
      "@tenet/testing": src("testing"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
