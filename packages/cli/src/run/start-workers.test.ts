import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { earlyWorkerCount, WORKER_BYTES } from "./start-workers.js";

const dir = mkdtempSync(join(tmpdir(), "tenet-early-"));
const large = join(dir, "fleet.ndjson");
const small = join(dir, "few.ndjson");
const document = join(dir, "fleet.json");
writeFileSync(large, Buffer.alloc(WORKER_BYTES, "\n"));
writeFileSync(small, Buffer.alloc(WORKER_BYTES - 1, "\n"));
writeFileSync(document, Buffer.alloc(WORKER_BYTES, " "));

describe("earlyWorkerCount: the workers `check` starts before its modules load", () => {
  it("starts one job fewer than asked for, whichever way --jobs is written", () => {
    for (const jobs of [["--jobs", "3"], ["-j", "3"], ["-j3"], ["--jobs=3"], ["-j", "1", "--jobs", "3"]])
      expect(earlyWorkerCount(["check", "-p", "policies", large, ...jobs])).toBe(2);
  });

  it("starts as many as the cores allow when --jobs is not given", () => {
    expect(earlyWorkerCount(["check", large])).toBe(availableParallelism() - 1);
  });

  it("starts none for one job, a small or missing file, a JSON document, or a file the run writes", () => {
    expect(earlyWorkerCount(["check", large, "--jobs", "1"])).toBe(0);
    expect(earlyWorkerCount(["check", "-j1", large])).toBe(0);
    expect(earlyWorkerCount(["check", small, "--jobs", "2"])).toBe(0);
    expect(earlyWorkerCount(["check", join(dir, "absent.ndjson"), "--jobs", "2"])).toBe(0);
    expect(earlyWorkerCount(["check", document, "--jobs", "2"])).toBe(0);
    expect(earlyWorkerCount(["check", "-", "-o", large, "--jobs", "2"])).toBe(0);
    expect(earlyWorkerCount(["check", "-", "--output", large, "--jobs", "2"])).toBe(0);
    expect(earlyWorkerCount(["check", large, "--jobs", "many"])).toBe(0);
  });
});
