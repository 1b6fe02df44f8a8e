/** The SQLite store: dedup, idempotent re-import, the files log, queries, migrations. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import {
  importReports,
  openSqliteReportStore,
  parseAggregateReport,
  SCHEMA_VERSION,
  type SqliteReportStore,
  summarizeSources,
} from "../../src/reports/index.ts";
import { FIXTURES, reportXml } from "./helpers.ts";
import { zipOf } from "./zip-writer.ts";

const dir = mkdtempSync(join(tmpdir(), "eaa-reports-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(path = ":memory:"): Promise<SqliteReportStore> {
  const r = await openSqliteReportStore(path);
  if (!r.ok) throw new Error(r.error);
  return r.store;
}

const DAY = 86400;
const T0 = 1_717_200_000; // 2024-06-01T00:00:00Z

/** A folder of reports: three reporters × two days for a.example, one for b.example, in xml/gz/zip. */
function corpus(): string {
  const root = mkdtempSync(join(dir, "corpus-"));
  writeFileSync(
    join(root, "one.xml"),
    reportXml(4, { reporter: "google.com", reportId: "g1", domain: "a.example", begin: T0 }),
  );
  writeFileSync(
    join(root, "two.xml.gz"),
    gzipSync(reportXml(3, { reporter: "outlook.com", reportId: "o1", domain: "a.example", begin: T0 + DAY })),
  );
  writeFileSync(
    join(root, "three.zip"),
    zipOf([
      {
        name: "three.xml",
        data: Buffer.from(
          reportXml(2, { reporter: "yahoo.com", reportId: "y1", domain: "mail.a.example", begin: T0 + 2 * DAY }),
        ),
      },
    ]),
  );
  writeFileSync(
    join(root, "four.xml"),
    reportXml(5, { reporter: "google.com", reportId: "g2", domain: "b.example", begin: T0 }),
  );
  writeFileSync(join(root, "broken.xml"), "<feedback><report_metadata>");
  return root;
}

describe("SQLite report store", () => {
  it("imports, de-duplicates, and logs every input", async () => {
    const store = await open();
    const root = corpus();
    const first = await importReports([root], store);
    expect(first).toEqual({ imported: 4, duplicates: 0, refused: 1, records: 14 });
    const again = await importReports([root], store);
    expect(again).toEqual({ imported: 0, duplicates: 4, refused: 1, records: 0 });
    expect((await store.listReports()).length).toBe(4);
    const log = await store.files();
    expect(log.length).toBe(10);
    expect(
      log
        .filter((e) => e.outcome === "duplicate")
        .map((e) => e.reportId)
        .sort(),
    ).toEqual(["g1", "g2", "o1", "y1"]);
    const refused = log.filter((e) => e.outcome === "refused");
    expect(refused.map((e) => e.reason)).toEqual(["malformed-xml", "malformed-xml"]);
    expect(refused[0]?.name).toContain("broken.xml");
    expect(log.find((e) => e.reportId === "y1")?.name).toMatch(/three\.zip › three\.xml$/);
    await store.close();
  });

  it("queries by domain (with subdomains) and time window", async () => {
    const store = await open();
    await importReports([corpus()], store);
    const ids = async (q: Parameters<typeof store.listReports>[0]) =>
      (await store.listReports(q)).map((r) => r.reportId);
    expect(await ids({ domain: "a.example" })).toEqual(["g1", "o1", "y1"]);
    expect(await ids({ domain: "b.example" })).toEqual(["g2"]);
    expect(await ids({ domain: "mail.a.example" })).toEqual(["y1"]);
    const day = (n: number) => new Date((T0 + n * DAY) * 1000).toISOString();
    expect(await ids({ domain: "a.example", since: day(1), until: day(2) })).toEqual(["o1"]);
    expect(await ids({ since: day(3) })).toEqual([]);
    const records = [];
    for await (const r of store.records({ domain: "a.example", until: day(1) })) records.push(r);
    expect(records.length).toBe(4);
    expect(records[0]).toMatchObject({
      reporter: "google.com",
      reportId: "g1",
      policyDomain: "a.example",
      begin: day(0),
    });
    const days = await summarizeSources(store.records({ domain: "a.example" }));
    expect(days.map((d) => d.day)).toEqual([
      ...Array(4).fill(day(0).slice(0, 10)),
      ...Array(3).fill(day(1).slice(0, 10)),
      ...Array(2).fill(day(2).slice(0, 10)),
    ]);
    expect(days[0]).toMatchObject({ dkimAligned: days[0]?.messages, spfAligned: 0, dmarcPass: days[0]?.messages });
    expect(days[0]?.dkim).toEqual([{ domain: "a.example", detail: "s1", result: "pass", messages: days[0]?.messages }]);
    await store.close();
  });

  it("keeps a stored report equal to the parsed one", async () => {
    const store = await open();
    const path = join(FIXTURES, "aggregate/rfc9990-example.net!example.com!1700000000!1700086399.xml");
    await importReports([path], store);
    const [stored] = await store.listReports();
    const parsed = parseAggregateReport(await import("node:fs").then((fs) => fs.readFileSync(path)));
    if (!parsed.ok || stored === undefined) throw new Error("not parsed");
    expect(stored).toMatchObject({
      reporter: parsed.report.orgName,
      reportId: parsed.report.reportId,
      policy: parsed.report.policy,
      schema: "rfc9990",
    });
    const records = [];
    for await (const r of store.records()) records.push(r);
    expect(records.map(({ reporter, reportId, policyDomain, begin, end, ...rest }) => rest)).toEqual(
      parsed.report.records,
    );
    await store.close();
  });

  it("leaves nothing behind for a report refused half-way", async () => {
    const store = await open();
    const path = join(dir, "cut.xml");
    writeFileSync(path, reportXml(1200).slice(0, -400));
    expect(await importReports([path], store)).toMatchObject({ refused: 1, imported: 0 });
    let n = 0;
    for await (const _ of store.records()) n++;
    expect(n).toBe(0);
    expect(await store.listReports()).toEqual([]);
    await store.close();
  });

  it("stores TLS reports once", async () => {
    const store = await open();
    const tls = join(FIXTURES, "smtp_tls");
    expect(await importReports([tls], store)).toMatchObject({ imported: 4 });
    expect(await importReports([tls], store)).toMatchObject({ duplicates: 4 });
    expect((await store.listTlsReports({ domain: "example.com" })).map((t) => t.report.organizationName)).toEqual([
      "Example Inc.",
      "Mail.ru",
    ]);
    await store.close();
  });

  it("migrates a new file, re-opens it, and refuses one from a newer release", async () => {
    const path = join(dir, "migrate.db");
    const store = await open(path);
    await importReports([join(FIXTURES, "aggregate/usssa.com!example.com!1538784000!1538870399.xml")], store);
    await store.close();
    const db = new DatabaseSync(path);
    expect(db.prepare("SELECT max(version) AS v FROM schema_version").get()).toEqual({ v: SCHEMA_VERSION });
    db.close();
    const reopened = await open(path);
    expect((await reopened.listReports()).length).toBe(1);
    await reopened.close();
    const newer = new DatabaseSync(path);
    newer.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION + 1);
    newer.close();
    const refused = await openSqliteReportStore(path);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain("newer");
  });

  it("reads a report from standard input", async () => {
    const store = await open();
    async function* stdin() {
      yield gzipSync(reportXml(2, { reportId: "stdin-1" }));
    }
    expect(await importReports(["-"], store, { stdin: stdin() })).toMatchObject({ imported: 1, records: 2 });
    expect((await store.files())[0]).toMatchObject({ file: "-", outcome: "imported", reportId: "stdin-1" });
    await store.close();
  });
});
