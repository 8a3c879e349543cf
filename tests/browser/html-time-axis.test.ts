/**
 * The HTML report's time axis in a real browser (headless Debian chromium, as html-report.test.ts):
 * three daily `check --history` runs on the example fleet, the third writing the report with
 * `--period 30d`. Its numbers must be those of `tenet report --as-of --period` on the same run,
 * its proving runs those of the store and the audit log, a waiver approver cannot inject script,
 * and it reads at 420 px and in print.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordDailyRuns, reportAsOf, type ReportAsOf } from "../cli/daily-history.js";

const CHROMIUM = "/usr/bin/chromium";
const dir = mkdtempSync(join(tmpdir(), "tenet-html-axis-"));
const auditLog = join(dir, "audit.ndjson");
const report = join(dir, "report.html");
const APPROVER = `<script>window.injected = 1</script>`;
let browser: Browser;
let store: string;
let paths: { store: string; policies: string };
let asOf: ReportAsOf & { period: NonNullable<ReportAsOf["period"]> };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: tests/browser/html-report.test.ts installs it`);
  paths = recordDailyRuns(dir, {
    approver: APPROVER,
    every: ["--audit-log", auditLog],
    last: ["-f", "html", "-o", report, "--period", "30d"],
  });
  store = paths.store;
  asOf = JSON.parse(reportAsOf(paths, "json").stdout) as typeof asOf;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(width = 1200): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`file://${report}`);
  return { page, errors };
}

const percentText = (share: number) => `${(100 * share).toFixed(1)}%`;

describe("HTML report over time (check --history --period)", () => {
  it("gives the transitions, time to fix and trend of `tenet report --as-of --period` on the same run", async () => {
    const { page, errors } = await open();
    expect(await page.textContent("#time-axis h2")).toBe("Over time: 2026-10-29 to 2026-11-28");
    const rows = await page
      .locator("#axis-iso27001 tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-key"),
          Number(tr.getAttribute("data-newly-failing")),
          Number(tr.getAttribute("data-fixed")),
          tr.querySelector("td:nth-child(2) b")?.textContent ?? "",
        ]),
      );
    expect(rows).toEqual(
      asOf.period.controls.map((e) => [
        e.key,
        e.newlyFailing,
        e.fixed,
        e.trend.length === 0 ? "" : percentText(e.trend.at(-1)!.passing),
      ]),
    );
    // The last day's share is the control coverage table's share on this run: one computation.
    for (const [key, , , share] of rows) {
      const control = `iso27001 ${String(key).slice("iso27001:".length)}`;
      const pct = await page.textContent(`#controls tr[data-control="${control}"] td.pct`);
      if (pct !== "n/a") expect(share).toBe(pct);
    }
    const crypto = rows.find(([key]) => key === "iso27001:A.8.24")!;
    expect(crypto.slice(1)).toEqual([4, 2, "93.3%"]);
    const policyRows = await page
      .locator("#axis-policies tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-key"), Number(tr.getAttribute("data-fixed"))]));
    expect(policyRows).toEqual(asOf.period.policies.map((e) => [e.key, e.fixed]));
    expect(await page.getAttribute("#axis-iso27001 tr[data-key='iso27001:A.8.24'] svg", "aria-label")).toBe(
      "A.8.24: 2026-11-25 86.7%, 2026-11-26 86.7%, 2026-11-28 93.3%",
    );
    expect(errors).toEqual([]);
  });

  it("cites the runs that prove it: the store's row hashes, the header's run, the audit log's record", async () => {
    const { page } = await open();
    const runs = await page
      .locator("#axis-runs tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [Number(tr.getAttribute("data-run")), tr.querySelector("td:nth-child(3)")!.textContent]),
      );
    expect(runs).toEqual(asOf.period.runs.map((r) => [r.id, r.rowHash]));
    const last = JSON.parse(readFileSync(auditLog, "utf8").trim().split("\n").at(-1)!) as {
      historyRun: { id: number; rowHash: string };
    };
    expect(last.historyRun).toEqual({ id: 3, rowHash: asOf.asOf.rowHash });
    expect(await page.textContent("#history-run")).toBe(`run 3 of ${store}, row hash ${asOf.asOf.rowHash}`);
  });

  it("shows the expired waiver, its approver as text and never as script", async () => {
    const { page } = await open();
    const row = page.locator("#axis-waivers tr[data-waiver='loaner-tpm']");
    expect(await row.getAttribute("data-status")).toBe("expired");
    expect(await row.locator("td[data-label=approver]").textContent()).toBe(APPROVER);
    expect(await row.locator("td:last-child").textContent()).toBe("1 at run 2");
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
  });

  it("is written again from the store alone by `report --as-of --format html`: the same controls and time axis", () => {
    const replayed = reportAsOf(paths, "html");
    expect(replayed.code, replayed.stderr).toBe(0);
    const written = readFileSync(report, "utf8");
    const section = (html: string, id: string) =>
      html.slice(
        html.indexOf(`<section id="${id}">`),
        html.indexOf("</section>", html.indexOf(`<section id="${id}">`)),
      );
    for (const id of ["overview", "controls", "waivers", "time-axis"])
      expect(section(replayed.stdout, id)).toBe(section(written, id));
    expect(replayed.stdout).toContain(
      `<dd id="history-run">run 3 of ${paths.store}, row hash <code>${asOf.asOf.rowHash}</code></dd>`,
    );
  });

  it("fits a 420 px screen and prints with its charts", async () => {
    const { page } = await open(420);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.locator("#axis-policies").scrollIntoViewIfNeeded();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#time-axis svg.spark").first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.length).toBeGreaterThan(10_000);
  });
});
