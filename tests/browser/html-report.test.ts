/**
 * The HTML report in a real browser: Debian's chromium (installed here when missing, as the
 * CI machine needs), driven headless with playwright-core. Three reports: the 38-device example
 * fleet (numbers, filters, sorting, drill-down), the 2,000-device fleet (print, narrow screen)
 * and a generated 21,000-device fleet (past the old 20,000-device cut: every device needing
 * attention is listed). A screenshot is kept in tests/artifacts/ for review.
 */
import { execFileSync, execSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFleet } from "../../packages/bench/src/fleet.js";
import { NOW, ROOT, tenet } from "../cli/run-cli.js";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = join(ROOT, "tests", "artifacts");
const dir = mkdtempSync(join(tmpdir(), "tenet-html-"));
const small = join(artifacts, "report.html");
const medium = join(dir, "report-2000.html");
const large = join(dir, "report-21k.html");
const largeFleet = join(dir, "fleet-21k.ndjson");
const auditLog = join(dir, "audit.ndjson");
const EXAMPLE = ["-p", "policies", "examples/fleet/devices.ndjson", "--now", NOW, "--tenant", "examples/tenant.json"];
let browser: Browser;

interface JsonRecord {
  result?: {
    deviceName: string;
    platform: string;
    state: string;
    policies: { policy: string; state: string; rules: { id: string; status: string; explanation?: Explanation }[] }[];
  };
}
interface Explanation {
  failed: { actual: unknown; expected: string }[];
  fixes: { text: string }[];
  remediation?: string;
}
let records: JsonRecord[];

const html = (args: string[], out: string) => {
  const r = tenet(["check", ...args, "--format", "html", "-o", out, "--fail-on", "never"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", {
      stdio: "ignore",
      timeout: 600_000,
    });
  mkdirSync(artifacts, { recursive: true });
  html([...EXAMPLE, "--audit-log", auditLog], small);
  records = JSON.parse(tenet(["check", ...EXAMPLE, "--format", "json", "--full", "--fail-on", "never"]).stdout);
  html(
    ["-p", "policies", "examples/fleet/fleet-2000.ndjson", "--now", NOW, "--tenant", "examples/tenant.json"],
    medium,
  );
  await writeFleet(largeFleet, 21_000, 7);
  html(["-p", "policies", largeFleet, "--now", NOW, "--jobs", "2"], large);
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

async function open(file: string, width = 1200): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (req) => requests.push(req.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`file://${file}`);
  return { page, requests, errors };
}
const total = async (page: Page) => Number(await page.getAttribute("#count", "data-total"));
const names = (page: Page) =>
  page.locator("#devices tbody tr[data-device]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-device")));

describe("HTML report", () => {
  it("shows the access analysis of the policy set: the same verdicts as `tenet analyze access`, findings that open", async () => {
    const { page, errors } = await open(small);
    const analysis = JSON.parse(
      tenet(["analyze", "access", "policies", "--now", NOW, "--format", "json", "--fail-on", "never"]).stdout,
    ) as { requirements: { name: string; status: string }[]; findings: { kind: string }[] };
    const rows = await page
      .locator("#access-analysis tr[data-requirement]")
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-requirement"), tr.getAttribute("data-status")]));
    expect(rows).toEqual(analysis.requirements.map((r) => [r.name, r.status]));
    expect(await page.isVisible("#access-analysis h2")).toBe(true);
    const findings = page.locator("#access-analysis li[data-finding]");
    expect(await findings.count()).toBe(analysis.findings.filter((f) => f.kind !== "notDecided").length);
    const first = findings.first();
    expect(await first.locator("pre").isVisible()).toBe(false);
    await first.locator("summary").click();
    expect(await first.locator("pre").isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("shows the run's provenance and the same numbers as the JSON output and `tenet report`, offline", async () => {
    const { page, requests, errors } = await open(small);
    expect(await page.title()).toBe("Tenet compliance report");
    const record = JSON.parse(readFileSync(auditLog, "utf8").trim()) as { seq: number; hash: string };
    expect(await page.textContent("#audit-record")).toContain(
      `record ${record.seq} of ${auditLog}, hash ${record.hash}`,
    );
    expect(await page.textContent("#policy-set")).toMatch(/^[0-9a-f]{64}$/);
    let revision = "not a git checkout";
    try {
      revision = execFileSync("git", ["-C", join(ROOT, "policies"), "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    } catch {
      // Not a checkout: the page says so.
    }
    expect(await page.textContent("#git-revision")).toContain(revision);
    expect(await page.textContent("#evaluated-at")).toBe("2026-11-25T12:00:00.000Z");

    const count = (state: string) => records.filter((r) => r.result?.state === state).length;
    for (const state of ["compliant", "inGracePeriod", "noncompliant", "error"]) {
      const legend = await page.textContent(`#overview > .legend [data-legend="${state}"]`);
      expect(legend).toContain(`${state} ${count(state)} ${((100 * count(state)) / records.length).toFixed(1)}%`);
    }
    // State by policy counts the devices each policy applies to.
    const applies = records.filter((r) =>
      r.result?.policies.some((p) => p.policy === "macos-baseline" && p.state !== "notApplicable"),
    ).length;
    const macos = page
      .locator("#by-policy .row")
      .filter({ has: page.locator(".label", { hasText: /^macos-baseline$/ }) });
    expect(await macos.locator(".note").textContent()).toContain(`applies to ${applies};`);

    const report = JSON.parse(tenet(["report", "--framework", "iso27001", "--format", "json", ...EXAMPLE]).stdout) as {
      controls: { id: string; inScope: number; passing: number; waived: number }[];
    };
    const rows = await page
      .locator('tr[data-control^="iso27001 "]')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-control")!.slice(9),
          ...["in-scope", "passing", "waived"].map((a) => Number(tr.getAttribute(`data-${a}`))),
        ]),
      );
    expect(rows).toEqual(report.controls.map((c) => [c.id, c.inScope, c.passing, c.waived]));
    const a81 = report.controls.find((c) => c.id === "A.8.1")!;
    expect(await page.textContent('tr[data-control="iso27001 A.8.1"] td.pct')).toBe(
      `${((100 * a81.passing) / a81.inScope).toFixed(1)}%`,
    );
    expect(await page.textContent("#controls")).toContain("A.8.9 Configuration management"); // a gap
    expect(await page.textContent("#waivers")).toContain("imaging-lab-macs");

    await page.screenshot({ path: join(artifacts, "html-report.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]); // self-contained: nothing fetched
  }, 60_000);

  it("filters by state, platform, policy and rule, and sorts by column", async () => {
    const { page } = await open(small);
    const devices = records.map((r) => r.result!).filter((r) => r !== undefined);
    const attention = devices.filter((d) => d.state !== "compliant");
    expect(await total(page)).toBe(attention.length);
    await page.selectOption("#f-state", "error");
    expect(await total(page)).toBe(devices.filter((d) => d.state === "error").length);
    await page.selectOption("#f-state", "");
    expect(await total(page)).toBe(devices.length);
    await page.selectOption("#f-platform", "macOS");
    expect(await total(page)).toBe(devices.filter((d) => d.platform === "macOS").length);
    await page.selectOption("#f-platform", "");
    await page.selectOption("#f-policy", { label: "windows-baseline applies" });
    const windows = (d: (typeof devices)[number]) => d.policies.find((p) => p.policy === "windows-baseline")!;
    expect(await total(page)).toBe(devices.filter((d) => windows(d).state !== "notApplicable").length);
    await page.selectOption("#f-policy", "");
    const rule = "macos-baseline.filevault";
    const failing = devices.filter((d) =>
      d.policies.some((p) => p.rules.some((r) => r.id === rule && (r.status === "fail" || r.status === "error"))),
    );
    expect(failing.length).toBeGreaterThan(0);
    await page.selectOption("#f-rule", { label: `${rule} fails (${failing.length})` });
    expect(await total(page)).toBe(failing.length);
    expect((await names(page)).sort()).toEqual(failing.map((d) => d.deviceName).sort());
    await page.selectOption("#f-rule", "");
    await page.selectOption("#f-state", "attention");
    await page.click(`#top-rules button.rule:has(code:text-is("${rule}"))`);
    expect(await total(page)).toBe(failing.length);
    expect(await page.inputValue("#f-state")).toBe("");
    await page.selectOption("#f-rule", "");

    await page.click('th[data-sort="name"] button');
    const all = devices.map((d) => d.deviceName).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(await names(page)).toEqual(all);
    expect(await page.getAttribute('th[data-sort="name"]', "aria-sort")).toBe("ascending");
    await page.click('th[data-sort="name"] button');
    expect(await names(page)).toEqual([...all].reverse());
    await page.click('th[data-sort="state"] button');
    const states = await page
      .locator("#devices tbody tr[data-state]")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-state")));
    expect(states[0]).toBe("error");
    expect(states[states.length - 1]).toBe("compliant");
  }, 60_000);

  it("opens a device's drill-down: every rule, actual against expected, the smallest fix, remediation and last check-in", async () => {
    const NAME = "MAC-0021-NOFILEVAULT";
    const { page } = await open(small);
    const device = records.find((r) => r.result?.deviceName === NAME)!.result!;
    const rules = device.policies.flatMap((p) => p.rules.filter((r) => r.status !== "notApplicable"));
    const failed = rules.find((r) => r.status === "fail")!;
    await page.fill("#f-text", NAME);
    expect(await total(page)).toBe(1);
    await page.click(`tr[data-device="${NAME}"] button.dev`);
    const detail = page.locator(`tr[data-detail="${NAME}"]`);
    expect(await detail.locator("tr[data-rule]").count()).toBe(rules.length);
    const row = await detail.locator(`tr[data-rule="${failed.id}"]`).textContent();
    const why = failed.explanation!;
    for (const part of [
      "fail",
      JSON.stringify(why.failed[0]!.actual),
      why.failed[0]!.expected,
      why.fixes[0]!.text,
      why.remediation!,
    ])
      expect(row).toContain(part);
    const snapshot = readFileSync(join(ROOT, "examples/fleet/devices.ndjson"), "utf8")
      .split("\n")
      .map((l) => (l.trim() === "" ? {} : (JSON.parse(l) as { deviceName?: string; lastSyncDateTime?: string })))
      .find((d) => d.deviceName === NAME)!;
    expect(await detail.textContent()).toContain(`Last check-in${snapshot.lastSyncDateTime}`);
    const applying = device.policies.filter((p) => p.state !== "notApplicable").map((p) => `${p.policy}: ${p.state}`);
    expect(await detail.locator("dd").allTextContents()).toContain(applying.join("; "));
    expect(await page.getAttribute(`tr[data-device="${NAME}"] button.dev`, "aria-expanded")).toBe("true");
  }, 60_000);

  it("lists every device needing attention on a 21,000-device fleet, compliant ones counted", async () => {
    const csv = tenet([
      "check",
      "-p",
      "policies",
      largeFleet,
      "--now",
      NOW,
      "--format",
      "csv",
      "--fail-on",
      "never",
      "--jobs",
      "2",
    ])
      .stdout.trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(","));
    const attention = csv.filter((c) => c[5] !== "compliant");
    expect(attention.length).toBeGreaterThan(5_000);
    const { page } = await open(large);
    expect(await total(page)).toBe(attention.length);
    expect(await page.textContent("#list-note")).toContain(
      `All ${attention.length.toLocaleString("en-US")} devices needing attention are listed`,
    );
    expect(await page.textContent("#list-note")).toContain(
      `The ${(csv.length - attention.length).toLocaleString("en-US")} compliant devices are counted above but not listed`,
    );
    // The last one in the file (past the old 20,000-device cut) is there, with its state.
    const last = attention[attention.length - 1]!;
    await page.fill("#f-text", last[3]!);
    expect(await page.getAttribute(`tr[data-device="${last[3]}"]`, "data-state")).toBe(last[5]);
    await page.fill("#f-text", "");
    await page.selectOption("#f-state", "noncompliant");
    expect(await total(page)).toBe(csv.filter((c) => c[5] === "noncompliant").length);
  }, 60_000);

  it("prints a 2,000-device report as the summary and the attention list, its header on every page", async () => {
    const { page } = await open(medium);
    const attention = await total(page);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#devices thead").evaluate((t) => getComputedStyle(t).display)).toBe(
      "table-header-group",
    );
    // Repeated headers print plain text (Chromium repeats a header's buttons without their text).
    expect(await page.locator('th[data-sort="name"] .print-text').evaluate((t) => getComputedStyle(t).display)).toBe(
      "inline",
    );
    expect(await page.locator('th[data-sort="name"] button').evaluate((t) => getComputedStyle(t).display)).toBe("none");
    // The run's header and page numbers are page-margin boxes on every printed page.
    const margins = await page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) =>
        [...sheet.cssRules].filter((rule) => rule instanceof CSSPageRule).map((rule) => rule.cssText),
      ),
    );
    expect(margins.join("\n")).toMatch(
      /@top-left \{[^}]*content: "Tenet compliance report · evaluated at 2026-11-25T12:00:00.000Z · policy set [0-9a-f]{12}"/,
    );
    expect(margins.join("\n")).toContain('content: "page " counter(page) " of " counter(pages)');
    expect(await page.locator(".filters").evaluate((t) => getComputedStyle(t).display)).toBe("none");
    const pdf = await page.pdf({ format: "A4" });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // The whole list is laid out for print (not one screen page of 50), at about 60 rows a page.
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(attention / 80));
    expect(pages).toBeLessThanOrEqual(4 + Math.ceil(attention / 40));
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    expect(await page.locator("#devices tbody tr[data-device]").count()).toBe(attention);
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    expect(await page.locator("#devices tbody tr[data-device]").count()).toBe(50);
  }, 60_000);

  it("fits a 420 px wide screen, drill-down open", async () => {
    const { page } = await open(medium, 420);
    await page.click("#devices tbody tr[data-device] button.dev");
    expect(await page.locator("tr.detail").count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    // Sorting stays available: the column headers become a row of buttons.
    await page.click('th[data-sort="checkIn"] button');
    expect(await page.getAttribute('th[data-sort="checkIn"]', "aria-sort")).toBe("ascending");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.screenshot({ path: join(artifacts, "html-report-420.png") });
  }, 60_000);
});
