/**
 * The HTML report in a real browser: Debian's chromium (installed here when missing, as the
 * CI machine needs), driven headless with playwright-core. A screenshot is kept in
 * tests/artifacts/ for review.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOW, ROOT, tenet } from "../cli/run-cli.js";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = join(ROOT, "tests", "artifacts");
const report = join(artifacts, "report.html");
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", {
      stdio: "ignore",
      timeout: 600_000,
    });
  mkdirSync(artifacts, { recursive: true });
  const r = tenet([
    "check",
    "-p",
    "policies",
    "examples/fleet/devices.ndjson",
    "--now",
    NOW,
    "--tenant",
    "examples/tenant.json",
    "--format",
    "html",
    "-o",
    report,
    "--fail-on",
    "never",
  ]);
  expect(r.code).toBe(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 660_000);

afterAll(async () => {
  await browser?.close();
});

describe("HTML report", () => {
  it("renders the fleet summary, charts and a filterable device table offline", async () => {
    const expected = JSON.parse(
      tenet([
        "check",
        "-p",
        "policies",
        "examples/fleet/devices.ndjson",
        "--now",
        NOW,
        "--tenant",
        "examples/tenant.json",
        "--format",
        "json",
      ]).stdout,
    ) as { result?: { state: string } }[];
    const count = (state: string) => expected.filter((r) => r.result?.state === state).length;
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (req) => requests.push(req.url()));
    await page.goto(`file://${report}`);
    expect(await page.title()).toBe("Tenet compliance report");
    expect(await page.textContent('[data-state="compliant"]')).toBe(String(count("compliant")));
    expect(await page.textContent('[data-state="noncompliant"]')).toBe(String(count("noncompliant")));
    expect(await page.locator("svg").count()).toBe(2);
    expect(await page.locator("#top-rules tr").count()).toBeGreaterThan(5);
    expect(await page.textContent("#count")).toBe("38 of 38 devices");

    await page.fill("#filter", "MAC-0021");
    expect(await page.textContent("#count")).toBe("1 of 38 devices");
    expect(await page.locator("#devices tbody tr:not(.hidden)").first().textContent()).toContain(
      "FileVault encrypts the disk",
    );
    await page.fill("#filter", "");
    await page.selectOption("#state", "error");
    expect(await page.textContent("#count")).toBe(`${count("error")} of 38 devices`);
    await page.selectOption("#state", "");
    await page.screenshot({ path: join(artifacts, "html-report.png"), fullPage: true });
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]); // self-contained: nothing fetched
  }, 60_000);
});
