/**
 * fetchReportsFromImap against a real Dovecot (started here on 127.0.0.1 with TLS and a private
 * certificate; the Maildir is filled directly). Under CI=true a missing dovecot fails the suite.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchReportsFromImap, openSqliteReportStore, type SqliteReportStore } from "../../src/reports/index.ts";
import { requireBinary } from "../helpers/servers.ts";
import { type Dovecot, startDovecot } from "./dovecot.ts";
import { FIXTURES } from "./helpers.ts";

const run = requireBinary("dovecot", "dovecot-imapd") && requireBinary("openssl", "openssl");
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const ENV = "EAA_TEST_IMAP_PASSWORD";

describe.runIf(run)("fetchReportsFromImap with Dovecot", () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  async function store(): Promise<SqliteReportStore> {
    const opened = await openSqliteReportStore(":memory:");
    if (!opened.ok) throw new Error(opened.error);
    return opened.store;
  }
  const base = () => ({ passwordEnv: ENV, env: { [ENV]: dovecot.password }, tls: { ca: dovecot.cert } });

  it("imports over implicit TLS and moves what it imported", async () => {
    dovecot.deliver("DMARC", "google", fixture("aggregate/twilight.eml"));
    dovecot.deliver("DMARC", "mimecast", fixture("aggregate/mimecast-weird-gzip.eml"));
    dovecot.deliver("DMARC", "tls", fixture("smtp_tls/google.com_smtp_tls_report.eml"));
    dovecot.deliver("DMARC", "failure", fixture("failure/dmarc_ruf_report_linkedin.crlf.eml").subarray(0));
    dovecot.deliver("DMARC", "chat", "From: a@example.com\r\nSubject: hello\r\n\r\nnot a report\r\n");
    const s = await store();
    const result = await fetchReportsFromImap({
      ...base(),
      url: `imaps://${dovecot.user}@127.0.0.1:${dovecot.imapsPort}`,
      folder: "DMARC",
      store: s,
      after: "move",
    });
    expect(result).toEqual({ ok: true, messages: 5, imported: 3, duplicates: 0, refused: 2, done: 3 });
    expect(dovecot.messages("DMARC").length).toBe(2);
    expect(dovecot.messages("DMARC.Imported").length).toBe(3);
    expect((await s.listReports()).map((r) => r.reporter).sort()).toEqual(["Mimecast", "google.com"]);
    expect((await s.listTlsReports()).length).toBe(1);
    const refused = await s.files({ outcome: "refused" });
    expect(refused.map((f) => f.reason)).toEqual(["not-a-report", "not-a-report"]);
    expect(refused[0]?.file).toMatch(/^imap:DMARC\/\d+$/);
    // Again: only the two refused messages are left, and stay.
    const again = await fetchReportsFromImap({
      ...base(),
      url: `imaps://${dovecot.user}@127.0.0.1:${dovecot.imapsPort}`,
      folder: "DMARC",
      store: s,
      after: "move",
    });
    expect(again).toEqual({ ok: true, messages: 2, imported: 0, duplicates: 0, refused: 2, done: 0 });
    await s.close();
  });

  it("imports over STARTTLS and flags what it imported (a duplicate counts as done)", async () => {
    dovecot.deliver("", "one", fixture("aggregate/twilight.eml"));
    dovecot.deliver(
      "",
      "two",
      fixture("aggregate/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml"),
    );
    dovecot.deliver("", "dup", fixture("aggregate/twilight.eml"));
    const s = await store();
    const options = {
      ...base(),
      url: `imap://${dovecot.user}@127.0.0.1:${dovecot.imapPort}`,
      folder: "INBOX",
      store: s,
      after: "flag" as const,
    };
    expect(await fetchReportsFromImap(options)).toEqual({
      ok: true,
      messages: 3,
      imported: 2,
      duplicates: 1,
      refused: 0,
      done: 3,
    });
    expect(dovecot.messages("").every((m) => /:2,[a-zA-Z]*S/.test(m))).toBe(true);
    expect(await fetchReportsFromImap(options)).toMatchObject({ ok: true, messages: 0, done: 0 });
    await s.close();
  });

  it.each([
    ["no password variable", { env: {} }, /EAA_TEST_IMAP_PASSWORD.*not set/],
    ["a password in the URL", { url: "imaps://reports:secret@127.0.0.1:1" }, /no password in the URL/],
    ["a wrong password", { env: { [ENV]: "wrong" } }, /cannot log in/],
    ["an untrusted certificate", { tls: {} }, /cannot log in/],
    ["another scheme", { url: "http://reports@127.0.0.1/" }, /imaps:\/\/ or imap:\/\//],
  ])("fails cleanly with %s", async (_name, override, message) => {
    const s = await store();
    const result = await fetchReportsFromImap({
      ...base(),
      url: `imaps://${dovecot.user}@127.0.0.1:${dovecot.imapsPort}`,
      folder: "INBOX",
      store: s,
      after: "flag",
      ...override,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain(dovecot.password);
    }
    await s.close();
  });
});
