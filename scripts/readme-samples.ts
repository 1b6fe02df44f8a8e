/**
 * `node --no-warnings scripts/readme-samples.ts [--text-only]`: renders the demo audit (the bundled
 * Contoso example, offline, with its month of DMARC reports) as the HTML report and screenshots it
 * in Debian's Chromium, for the README (docs/img/html-report.png), then writes the README's two
 * text samples from `email-auth-audit demo` as `NO_COLOR=1 npm run -s demo` prints it (100
 * columns): its beginning down to the DMARC report classes, and its first finding.
 * `--text-only` skips the screenshot. test/cli/demo.test.ts checks both samples.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { audit } from "../src/audit/api.ts";
import { run } from "../src/cli/program.ts";
import { readHttpsFixtureFile } from "../src/cli/transport-flags.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { formatHtml } from "../src/report/html.ts";
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
if (!process.argv.includes("--text-only")) await screenshot();

async function screenshot(): Promise<void> {
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
}

let demo = "";
const code = await run(["demo"], {
  audit,
  checkDomain: () => Promise.reject(new Error("not used")),
  stdout: { write: (s: string) => (demo += s), isTTY: false },
  stderr: process.stderr,
  env: { NO_COLOR: "1" },
  cwd: root,
});
if (code !== 0) throw new Error(`email-auth-audit demo exited ${code}`);
const lines = demo.split("\n");
const senders = lines.findIndex((l) => l.startsWith("Senders in DMARC reports"));
const classesEnd = lines.findIndex((l, i) => i > senders && l === "");
const findings = lines.indexOf("Findings");
// The first finding ends where the warnings start (a fix may hold blank lines).
const firstEnd = lines.findIndex((l, i) => i > findings && l.startsWith("  Warnings (")) - 1;
if (senders < 0 || classesEnd < 0 || findings < 0 || firstEnd < findings)
  throw new Error("the demo output changed shape");
const samples = [lines.slice(0, classesEnd).join("\n"), lines.slice(findings, firstEnd).join("\n")];
const readmeFile = join(root, "README.md");
let k = 0;
const readme = readFileSync(readmeFile, "utf8").replace(/```text\n[\s\S]*?\n```/g, (block) =>
  k < samples.length ? `\`\`\`text\n${samples[k++]}\n\`\`\`` : block,
);
if (k !== samples.length) throw new Error(`README.md has ${k} text blocks; it needs ${samples.length}`);
writeFileSync(readmeFile, readme);
process.stdout.write(`README.md: ${samples.map((x) => x.split("\n").length).join(" and ")} lines of the demo\n`);
