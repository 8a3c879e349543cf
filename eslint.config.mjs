// The linter for the repository's own TypeScript: typescript-eslint's recommended rules plus
// one house rule, `tenet/layers`, which keeps the architecture visible (docs/ and README):
// packages import downward only, through each other's public entry points, never by a
// relative path into another package's files.
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";

const ROOT = dirname(fileURLToPath(import.meta.url));

// Lower layers never import higher ones; a package may import any package of a lower layer.
const LAYERS = [["parser"], ["evaluator", "graph"], ["intune", "history", "testing"], ["cli", "bench"]];
const layerOf = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));
// Public subpaths a package declares in its `exports` besides its root.
const SUBPATHS = new Set(["@tenet/evaluator/testing", "@tenet/graph/emulator"]);

// Tests of a package may import it by name (a public-interface test goes through `exports`, as
// a user does) and may use the testing toolkit whatever its layer.
const isTest = (file) => /\.test\.ts$|[/\\]test-support[/\\]/.test(file);

const packageOf = (file) => {
  const parts = relative(ROOT, file).split(sep);
  return parts[0] === "packages" ? parts[1] : undefined;
};

const layers = {
  meta: { type: "problem", schema: [], messages: { bad: "{{why}}" } },
  create(context) {
    const file = context.filename;
    const own = packageOf(file);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== "string") return;
      const report = (why) => context.report({ node: node.source, messageId: "bad", data: { why } });
      if (source.startsWith(".")) {
        const target = packageOf(resolve(dirname(file), source));
        if (own && target !== own) report(`"${source}" reaches into another package; import it by its name`);
        return;
      }
      const m = /^@tenet\/([^/]+)(\/.*)?$/.exec(source);
      if (!m) return;
      const [, name, sub] = m;
      if (sub && !SUBPATHS.has(source)) report(`"${source}" is not a public entry point of @tenet/${name}`);
      if (own === undefined || !layerOf.has(own)) return;
      if (isTest(file) && (name === own || name === "testing")) return;
      if (name === own) report(`@tenet/${own} imports itself by name; use a relative path`);
      else if (!layerOf.has(name) || layerOf.get(name) >= layerOf.get(own))
        report(`@tenet/${own} may not depend on @tenet/${name}: packages import downward only`);
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "coverage/**", "tests/artifacts/**", ".bench-cache/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,mts,mjs,js}"],
    plugins: { tenet: { rules: { layers } } },
    rules: {
      "tenet/layers": "error",
      // `_name` marks a value left unused on purpose (a skipped tuple slot, an omitted key).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
    },
  },
);
