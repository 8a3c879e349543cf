// The repository's own TypeScript passes ESLint (eslint.config.mjs): typescript-eslint's
// recommended rules and `tenet/layers`, the import-direction rule that keeps packages layered.
import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const eslint = new ESLint({ cwd: ROOT });
const problems = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: join(ROOT, file) }))[0]!.messages
    .filter((m) => m.ruleId === "tenet/layers")
    .map((m) => m.message);

describe("lint", () => {
  it("the whole repository is clean", async () => {
    const results = await eslint.lintFiles(["."]);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(found, "run `pnpm lint`").toEqual([]);
  }, 180_000);

  it("refuses an upward import, a deep import and a relative path into another package", async () => {
    expect(await problems("packages/parser/src/x.ts", `import { prepare } from "@tenet/evaluator";\n`)).toEqual([
      "@tenet/parser may not depend on @tenet/evaluator: packages import downward only",
    ]);
    expect(await problems("packages/cli/src/x.ts", `import { x } from "@tenet/parser/src/parse.js";\n`)).toEqual([
      '"@tenet/parser/src/parse.js" is not a public entry point of @tenet/parser',
    ]);
    expect(await problems("packages/cli/src/a/x.ts", `import { x } from "../../../evaluator/src/index.js";\n`)).toEqual(
      ['"../../../evaluator/src/index.js" reaches into another package; import it by its name'],
    );
    expect(await problems("packages/cli/src/x.ts", `import { prepare } from "@tenet/evaluator";\n`)).toEqual([]);
    expect(await problems("packages/intune/src/x.test.ts", `import { t } from "@tenet/testing";\n`)).toEqual([]);
  });
});
