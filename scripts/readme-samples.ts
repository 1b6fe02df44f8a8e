/**
 * `node --no-warnings scripts/readme-samples.ts`: renders the demo audit (the bundled Contoso
 * example, offline, with its month of DMARC reports) as the HTML report and screenshots it in
 * Debian's Chromium, for the README (docs/img/html-report.png), and prints the text report whose
 * first lines the README shows (57 lines: down to the first finding's references).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { audit } from "../src/audit/api.ts";
import { readHttpsFixtureFile } from "../src/cli/transport-flags.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { formatHtml } from "../src/report/html.ts";
import { formatText } from "../src/report/text.ts";
import { loadAggregateReports } from "../src/reports/load.ts";
import { offlineFetch } from "../src/transport/https-fixture.ts";

const root = join(import.meta.dirname, "..");
const example = join(root, "fixtures/examples/contoso");
const loaded = await loadAggregateReports([join(example, "dmarc-reports.zip.gz")]);
const report = await audit(readFileSync(join(example, "org.json"), "utf8"), {
  resolver: await FixtureResolver.fromFile(join(example, "dns.json")),
  now: new Date("2026-11-23T09:00:00Z"),
  reports: { source: loaded.reports },
  transport: { https: { fetch: (await readHttpsFixtureFile(join(example, "dns.https.json"))) ?? offlineFetch } },
});
const dir = mkdtempSync(join(tmpdir(), "eaa-shot-"));
try {
  const file = join(dir, "report.html");
  writeFileSync(file, formatHtml(report, {}));
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`file://${file}`);
  await page.screenshot({ path: join(root, "docs/img/html-report.png"), fullPage: false });
  await context.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(formatText(report, { color: false }));
