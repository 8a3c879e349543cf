#!/usr/bin/env node
// The `tenet` bin: runs the bundle that `pnpm build` writes to dist/bin/. It lives outside dist/ so that `pnpm install` on a fresh clone can link it before
// the first build (a bin pointing into dist/ made pnpm warn "Failed to create bin" and left no `tenet`).
import { existsSync } from "node:fs";

const main = new URL("../dist/bin/tenet.js", import.meta.url);
if (!existsSync(main)) {
  // The catalog lives in @tenet/parser, which is not built either: this is CP5230's text, kept equal by a test.
  process.stderr.write(
    "error[CP5230]: `tenet` is not built yet\n  help: run `npx -y pnpm@10 build` in the repository, then `tenet` again\n",
  );
  process.exit(2);
}
await import(main.href);
