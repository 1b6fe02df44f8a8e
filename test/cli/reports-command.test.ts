/**
 * The report commands in-process: `reports import`, `reports summary`, `audit --reports`,
 * `init --from-reports` (and `init --exchange`), and `reports fetch` against a real Dovecot.
 */
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { audit } from "../../src/audit/api.ts";
import { loadOrg } from "../../src/org/load.ts";
import { requireBinary } from "../helpers/servers.ts";
import { type Dovecot, startDovecot } from "../reports/dovecot.ts";
import { cli, EXAMPLE_DIR, workdir } from "./harness.ts";

const ZIP = "dmarc-reports.zip.gz";
let wd: ReturnType<typeof workdir>;
beforeEach(() => {
  wd = workdir();
  copyFileSync(join(EXAMPLE_DIR, ZIP), join(wd.dir, ZIP));
  writeFileSync(join(wd.dir, "bad.xml"), "<feedback><report_metadata>");
});
afterEach(() => wd.remove());

const run = (argv: string[], env: Record<string, string> = {}) => cli(argv, { cwd: wd.dir, audit, env });

describe("reports import", () => {
  it("prints every input with its outcome, imports the rest when one is bad, and exits 1", async () => {
    const r = await run(["reports", "import", ZIP, "bad.xml"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines.length).toBe(181);
    expect(lines[0]).toMatch(
      /^imported {3}dmarc-reports\.zip\.gz › dmarc-reports\.zip › google\.com!contoso\.example!1792800000!1792886399\.xml: aggregate report google\.com 1792800000\.0\.contoso\.example for contoso\.example, \d+ records$/,
    );
    expect(lines[179]).toBe(
      "refused    bad.xml: malformed-xml: not well-formed XML: 1:27: unclosed tag: report_metadata",
    );
    expect(lines[180]).toBe(
      `179 imported, 0 duplicates, 1 refused, 1540 records → ${join(wd.dir, "dmarc-reports.db")}`,
    );
    expect(existsSync(join(wd.dir, "dmarc-reports.db"))).toBe(true);
  });

  it("is idempotent (duplicates, exit 0) and honours --db and EMAIL_AUTH_AUDIT_DB", async () => {
    expect((await run(["reports", "import", ZIP, "--db", "a.db"])).code).toBe(0);
    const again = await run(["reports", "import", ZIP], { EMAIL_AUTH_AUDIT_DB: "a.db" });
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split("\n").at(-1)).toBe(
      `0 imported, 179 duplicates, 0 refused, 0 records → ${join(wd.dir, "a.db")}`,
    );
  });
});

describe("reports summary", () => {
  it("summarises the database: domains, pass rates, sources, refused inputs", async () => {
    await run(["reports", "import", ZIP, "bad.xml"]);
    const r = await run(["reports", "summary", "--top", "3"]);
    expect(r.code).toBe(0);
    // The first line wraps at 100 columns (the database's path is long), under a two-space indent.
    expect(r.stdout.replace(/\n {2}(?=\S)/g, " ")).toContain(
      ": 179 aggregate reports from 3 reporters, 2026-10-24 to 2026-11-22",
    );
    expect(r.stdout).toMatch(/\n {2}contoso\.example +29,957 +84% +98\n/);
    expect(r.stdout).toContain("  ... and 166 more sources (--top N)");
    expect(r.stdout).toContain("Inputs refused: 1 ");
    const json = JSON.parse((await run(["reports", "summary", "--format", "json", "--top", "2"])).stdout) as {
      reports: number;
      domains: { domain: string }[];
      sources: { ip: string }[];
    };
    expect(json.reports).toBe(179);
    expect(json.domains.map((d) => d.domain)).toEqual([
      "contoso.example",
      "news.contoso.example",
      "app.contoso.example",
      "contoso-old.example",
      "events.contoso.example",
    ]);
    expect(json.sources.map((s) => s.ip)).toEqual(["40.107.22.61", "40.107.23.95"]);
  });

  it("refuses a database that does not exist (exit 2), rather than reading a new empty one", async () => {
    const r = await run(["reports", "summary", "--db", "typo.db"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: no report database at ${join(wd.dir, "typo.db")}`);
    expect(existsSync(join(wd.dir, "typo.db"))).toBe(false);
  });
});

describe("audit --reports", () => {
  it("reconciles the database with the description: sender inventory and report-* findings", async () => {
    await run(["reports", "import", ZIP]);
    const r = await run([
      "audit",
      "--org",
      "org.json",
      "--resolver",
      "fixture:dns.json",
      "--reports",
      "dmarc-reports.db",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "Senders in DMARC reports (2026-10-24 to 2026-11-22: 179 reports from 3 reporters, 44,210 messages)",
    );
    expect(r.stdout).toContain("[report-undeclared-sender] contoso.example");
    expect(r.stdout).toMatch(
      /Intuit Mailchimp \(marketing\) sends as contoso\.example \(2,601 messages from 2 addresses/,
    );
  });

  it("takes --since DAYS as a window ending now, and refuses --since without --reports", async () => {
    await run(["reports", "import", ZIP]);
    const r = await run([
      "audit",
      "--org",
      "org.json",
      "--resolver",
      "fixture:dns.json",
      "--reports",
      "dmarc-reports.db",
      "--since",
      "1",
      "--format",
      "json",
    ]);
    const report = JSON.parse(r.stdout) as { senders: { reports: number; window: { since: string } } };
    expect(report.senders.reports).toBe(0);
    expect(Date.now() - Date.parse(report.senders.window.since)).toBeLessThan(86_400_000 + 60_000);
    const bad = await run(["audit", "--org", "org.json", "--since", "3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --since needs --reports DB\n");
  });
});

describe("init", () => {
  it("--from-reports drafts a description with comments that loads and audits", async () => {
    await run(["reports", "import", ZIP]);
    const r = await run([
      "init",
      "--from-reports",
      "dmarc-reports.db",
      "--resolver",
      "fixture:dns.json",
      "--name",
      "Contoso",
    ]);
    expect(r.code).toBe(0);
    expect(
      r.stdout.startsWith("# Organisation description drafted from DMARC aggregate reports by email-auth-audit.\n"),
    ).toBe(true);
    const org = loadOrg(parse(r.stdout) as object);
    expect(org.name).toBe("Contoso");
    expect(org.paths.map((p) => p.id)).toContain("mailchimp");
    const written = await run([
      "init",
      "--from-reports",
      "dmarc-reports.db",
      "--resolver",
      "fixture:dns.json",
      "-o",
      "draft.yaml",
    ]);
    expect(written.stderr).toBe(
      "wrote draft.yaml: check each CONFIRM comment, then run email-auth-audit audit --org draft.yaml\n",
    );
    const audited = await run([
      "audit",
      "--org",
      "draft.yaml",
      "--resolver",
      "fixture:dns.json",
      "--reports",
      "dmarc-reports.db",
      "--rules",
      "report-unknown-domain",
    ]);
    expect(audited.stdout).toContain("Findings\n  none");
  });

  it("--exchange derives a description from Exchange exports (the same init command)", async () => {
    const dir = join(import.meta.dirname, "../../fixtures/exchange/hybrid/clixml");
    const r = await run(["init", "--exchange", dir, "--resolver", "fixture:dns.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("# Organisation description derived from Exchange exports by email-auth-audit.");
  });

  it("needs exactly one source (exit 2)", async () => {
    for (const argv of [["init"], ["init", "--exchange", "x", "--from-reports", "y"]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("error: init needs exactly one source: --exchange DIR or --from-reports DB\n");
    }
  });
});

const dovecotAvailable = requireBinary("dovecot", "dovecot-imapd") && requireBinary("openssl", "openssl");

describe.runIf(dovecotAvailable)("reports fetch with Dovecot", () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it("imports a folder over TLS with the password from the named variable, and moves what it imported", async () => {
    const { readFileSync } = await import("node:fs");
    dovecot.deliver(
      "Reports",
      "google",
      readFileSync(join(import.meta.dirname, "../../fixtures/reports/parsedmarc/aggregate/twilight.eml")),
    );
    dovecot.deliver("Reports", "chat", "From: a@example.com\r\nSubject: hi\r\n\r\nnot a report\r\n");
    writeFileSync(join(wd.dir, "ca.pem"), dovecot.cert);
    const url = `imaps://${dovecot.user}@127.0.0.1:${dovecot.imapsPort}`;
    const r = await run(
      ["reports", "fetch", "--imap", url, "--folder", "Reports", "--password-env", "MY_PW", "--ca", "ca.pem"],
      {
        MY_PW: dovecot.password,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      `2 messages read from Reports: 1 imported, 0 duplicates, 1 refused; 1 moved → ${join(wd.dir, "dmarc-reports.db")}`,
    );
    expect(r.code).toBe(1);
    expect(dovecot.messages("Reports.Imported").length).toBe(1);
    const summary = await run(["reports", "summary"]);
    expect(summary.stdout).toContain("1 aggregate report from 1 reporter");
  });

  it("never takes the password from the command line or the URL", async () => {
    const url = `imaps://${dovecot.user}:secret@127.0.0.1:${dovecot.imapsPort}`;
    const inUrl = await run(["reports", "fetch", "--imap", url, "--folder", "Reports"], { DMARC_IMAP_PASSWORD: "x" });
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain("no password in the URL");
    const unset = await run([
      "reports",
      "fetch",
      "--imap",
      `imaps://u@127.0.0.1:${dovecot.imapsPort}`,
      "--folder",
      "Reports",
    ]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("the environment variable DMARC_IMAP_PASSWORD (the IMAP password) is not set");
    const value = await run([
      "reports",
      "fetch",
      "--imap",
      "imaps://u@h",
      "--folder",
      "F",
      "--password-env",
      "hunter2!",
    ]);
    expect(value.stderr).toBe("error: --password-env takes the name of an environment variable, not a value\n");
  });
});
