import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatBulk } from "../../src/report/bulk.ts";
import { type BulkReport, summariseBulk } from "../../src/report/bulk-types.ts";
import { formatHtml, htmlPage } from "../../src/report/html.ts";
import { requireBinary } from "../helpers/servers.ts";
import { checkReport, HOSTILE, hostileReport, sampleReport } from "./samples.ts";

/**
 * Renders the HTML report in Debian's Chromium (package `chromium`, installed by .ci/run) through
 * playwright-core, which drives the installed browser and never downloads one. Under CI=true this
 * suite must run; elsewhere it skips when /usr/bin/chromium is missing.
 */
const CHROMIUM = "/usr/bin/chromium";
const available = requireBinary(CHROMIUM, "chromium");

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface Opened {
  page: Page;
  errors: string[];
  dialogs: string[];
  requests: string[];
}

describe.skipIf(!available)("the HTML report in headless Chromium", () => {
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eaa-html-"));
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1200, height: 900 },
      offline: true,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string): Promise<Opened> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, errors, dialogs, requests };
  }

  it("renders the sample with no console errors, draws the path diagram, and screenshots", async () => {
    const { page, errors, requests } = await open("report.html", formatHtml(sampleReport()));
    expect(await page.title()).toBe("email-auth-audit: Contoso (fail)");
    const svg = page.locator("svg#paths-diagram");
    await expect.poll(() => svg.isVisible()).toBe(true);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(900);
    expect(box!.height).toBeGreaterThan(400);
    expect(await page.locator("svg#paths-diagram g.path-row").count()).toBe(4);
    // Where each path breaks: the SPF box of the two fragile paths, nothing on the healthy ones.
    const breaks = await page
      .locator("g.path-row g.box.breaks")
      .evaluateAll((els) =>
        els.map((e) => `${e.closest("g.path-row")?.getAttribute("data-path")}:${e.getAttribute("data-stage")}`),
      );
    expect(breaks).toEqual(["onprem-via-relay:spf", "newsletters:spf"]);
    // The broken box really is drawn red (the stylesheet applied), the healthy one green.
    const stroke = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(el).stroke,
        );
    expect(await stroke('g.path-row[data-path="onprem-via-relay"] g.box[data-stage="spf"] rect')).toBe(
      "rgb(207, 34, 46)",
    );
    expect(await stroke('g.path-row[data-path="exchange-online"] g.box[data-stage="spf"] rect')).toBe(
      "rgb(26, 127, 55)",
    );
    expect(await page.locator("svg#paths-diagram text", { hasText: "breaks here" }).count()).toBe(2);
    expect(await page.locator("article.finding").count()).toBe(6);
    expect(await page.locator("table.spf-tree tbody tr").count()).toBe(3);
    expect(await page.locator("#status").textContent()).toBe("FAIL");

    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    const diagramShot = join(dir, "diagram.png");
    await svg.screenshot({ path: diagramShot });
    for (const file of [shot, diagramShot]) {
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file).subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows hostile DNS data as text: no script runs, no element is injected", async () => {
    const { page, errors, dialogs } = await open("hostile.html", formatHtml(hostileReport()));
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("main img").count()).toBe(0);
    const records = await page
      .locator('article.finding[data-rule="smarthost-not-authorized"] pre.records')
      .textContent();
    expect(records).toContain(`v=spf1 ${HOSTILE.script} -all`);
    expect(await page.locator("article.finding").first().textContent()).toContain(HOSTILE.img);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("would see a console error, and the page's policy blocks scripts (a control for the checks above)", async () => {
    const { page, errors, dialogs } = await open(
      "control.html",
      htmlPage("control", `<p>x</p><script>alert("ran")</script>`),
    );
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors.join("\n")).toMatch(/Content Security Policy/i);
    await page.close();
  }, 60_000);

  it("renders a bulk report with its summary table", async () => {
    const entries: BulkReport["entries"] = [
      { domain: "a.example", status: "checked", report: checkReport("a.example") },
      { domain: "b.example", status: "not-checked", reason: "DNS timeout" },
    ];
    const bulk: BulkReport = {
      version: 2,
      kind: "bulk",
      tool: { name: "email-auth-audit", version: "0.1.0" },
      generatedAt: "2026-11-23T09:00:00.000Z",
      entries,
      summary: summariseBulk(entries, 1500),
    };
    const { page, errors } = await open("bulk.html", formatBulk(bulk, "html"));
    expect(await page.locator("table.bulk-summary tbody tr").count()).toBe(2);
    expect(await page.locator("section.report").count()).toBe(2);
    expect(await page.locator("table.bulk-summary tbody tr").nth(1).textContent()).toContain("NOT CHECKED");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
