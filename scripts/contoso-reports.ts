/**
 * `node --no-warnings scripts/contoso-reports.ts`: generates a month of DMARC aggregate reports
 * for the bundled example organisation (fixtures/examples/contoso), from a fixed seed, and writes
 * them as one archive: fixtures/examples/contoso/dmarc-reports.zip.gz, a zip of the XML files
 * (stored) compressed as a whole, which is ten times smaller than deflating each file (what
 * `npm run demo` reads; the report readers open gzip and zip in any nesting).
 *
 * 30 days (2026-10-24 to 2026-11-22), three reporters, one report per reporter, day and policy
 * domain (contoso.example, whose record covers its subdomains, and contoso-old.example). The mail
 * in them: every described path (the relay signing but failing SPF, Exchange Online, SendGrid
 * newsletters on Tuesdays, Amazon SES), and what the description misses: Mailchimp campaigns on
 * Thursdays (undeclared), a copier authorised by the SPF range but described by no path, Gmail
 * forwarding, a mailing list, spoofing of contoso.example and of the parked contoso-old.example,
 * and a few messages from events.contoso.example, which the description does not list.
 * test/reports/contoso-example.test.ts checks that the committed archive holds exactly these reports.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { zipOf } from "../test/reports/zip-writer.ts";

/** A small fixed-seed generator (mulberry32), so that the reports are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  ip: string;
  count: number;
  from: string;
  dkim: "pass" | "fail";
  spf: "pass" | "fail";
  disposition: "none" | "quarantine" | "reject";
  reason?: string;
  envelope: string;
  dkimAuth: [string, string, string][];
  spfAuth: [string, string];
}

const REPORTERS = [
  { org: "google.com", email: "noreply-dmarc-support@google.com", share: 0.5 },
  { org: "Enterprise Outlook", email: "dmarcreport@microsoft.com", share: 0.35 },
  { org: "Yahoo", email: "dmarchelp@yahooinc.com", share: 0.15 },
];

const FIRST_DAY = Date.parse("2026-10-24T00:00:00Z");
const DAYS = 30;

/** The mail of one day for contoso.example and its subdomains (before splitting between reporters). */
function contosoDay(day: number, rnd: () => number): Row[] {
  const weekday = new Date(FIRST_DAY + day * 86_400_000).getUTCDay();
  const n = (base: number, spread = 0.2) => Math.max(0, Math.round(base * (1 - spread + 2 * spread * rnd())));
  const rows: Row[] = [];
  const add = (r: Omit<Row, "disposition"> & { disposition?: Row["disposition"] }) => {
    if (r.count > 0) rows.push({ disposition: "none", ...r });
  };
  const workday = weekday !== 0 && weekday !== 6;
  const relay = (ip: string, count: number) =>
    add({
      ip,
      count,
      from: "contoso.example",
      dkim: "pass",
      spf: "fail",
      envelope: "contoso.example",
      dkimAuth: [["contoso.example", "relay2025", "pass"]],
      spfAuth: ["contoso.example", "fail"],
    });
  relay("203.0.113.25", n(workday ? 260 : 40));
  relay("2001:db8:25::25", n(workday ? 40 : 6));
  for (const [ip, base] of [
    ["40.107.22.61", 380],
    ["40.107.23.95", 300],
    ["52.100.170.3", 120],
  ] as const)
    add({
      ip,
      count: n(workday ? base : base / 5),
      from: "contoso.example",
      dkim: "pass",
      spf: "pass",
      envelope: "contoso.example",
      dkimAuth: [["contoso.example", "selector1", "pass"]],
      spfAuth: ["contoso.example", "pass"],
    });
  for (const ip of ["167.89.12.34", "149.72.40.5"])
    add({
      ip,
      count: n(weekday === 2 ? 900 : 25),
      from: "news.contoso.example",
      dkim: "pass",
      spf: "fail",
      envelope: "sendgrid.net",
      dkimAuth: [["news.contoso.example", "s1", "pass"]],
      spfAuth: ["sendgrid.net", "pass"],
    });
  for (const ip of ["54.240.3.10", "54.240.3.11"])
    add({
      ip,
      count: n(75),
      from: "app.contoso.example",
      dkim: "pass",
      spf: "pass",
      envelope: "bounce.contoso.example",
      dkimAuth: [["app.contoso.example", "4mbkz3t4xq2hcyzsnfo5sgelbnvh6gzl", "pass"]],
      spfAuth: ["bounce.contoso.example", "pass"],
    });
  // Undeclared: the marketing team's Mailchimp account, on Thursdays (not aligned: fails DMARC).
  if (weekday === 4)
    for (const [ip, host] of [
      ["192.0.2.30", "mail30.atl91.mcsv.net"],
      ["192.0.2.31", "mail31.atl91.mcsv.net"],
    ] as const)
      add({
        ip,
        count: n(320),
        from: "contoso.example",
        dkim: "fail",
        spf: "fail",
        envelope: host,
        dkimAuth: [["mcsv.net", "k2", "pass"]],
        spfAuth: [host, "pass"],
      });
  // Undescribed: a copier in the SPF range 198.51.100.0/28, sending scans (passes through SPF).
  if (workday)
    add({
      ip: "198.51.100.7",
      count: n(14, 0.5),
      from: "contoso.example",
      dkim: "fail",
      spf: "pass",
      envelope: "contoso.example",
      dkimAuth: [],
      spfAuth: ["contoso.example", "pass"],
    });
  // Forwarded by Gmail users (the relay's signature survives, SPF does not).
  add({
    ip: "209.85.220.41",
    count: n(18, 0.5),
    from: "contoso.example",
    dkim: "pass",
    spf: "fail",
    envelope: "contoso.example",
    dkimAuth: [["contoso.example", "relay2025", "pass"]],
    spfAuth: ["contoso.example", "softfail"],
  });
  // A partner's mailing list, which rewrites the subject (DKIM breaks) and says so.
  add({
    ip: "192.0.2.77",
    count: n(4, 0.5),
    from: "contoso.example",
    dkim: "fail",
    spf: "fail",
    reason: "mailing_list",
    envelope: "lists.partner.example",
    dkimAuth: [["contoso.example", "selector1", "fail"]],
    spfAuth: ["lists.partner.example", "pass"],
  });
  // Spoofing from a handful of addresses a day.
  const spoofers = 2 + Math.floor(rnd() * 4);
  for (let i = 0; i < spoofers; i++) {
    const ip =
      rnd() < 0.5
        ? `203.0.113.${130 + Math.floor(rnd() * 100)}`
        : `198.18.${Math.floor(rnd() * 4)}.${1 + Math.floor(rnd() * 250)}`;
    add({
      ip,
      count: 1 + Math.floor(rnd() * 40),
      from: "contoso.example",
      dkim: "fail",
      spf: "fail",
      envelope: "contoso.example",
      dkimAuth: [],
      spfAuth: ["contoso.example", "fail"],
    });
  }
  // A subdomain nobody listed (spoofed now and then).
  if (day % 9 === 4)
    add({
      ip: `198.18.7.${10 + day}`,
      count: 3 + Math.floor(rnd() * 6),
      from: "events.contoso.example",
      dkim: "fail",
      spf: "fail",
      envelope: "events.contoso.example",
      dkimAuth: [],
      spfAuth: ["events.contoso.example", "none"],
    });
  return rows;
}

/** Spoofing of the parked domain (p=reject: receivers reject it). */
function oldDay(rnd: () => number): Row[] {
  const rows: Row[] = [];
  const count = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < count; i++)
    rows.push({
      ip: `198.19.${Math.floor(rnd() * 8)}.${1 + Math.floor(rnd() * 250)}`,
      count: 2 + Math.floor(rnd() * 30),
      from: "contoso-old.example",
      dkim: "fail",
      spf: "fail",
      disposition: "reject",
      envelope: "contoso-old.example",
      dkimAuth: [],
      spfAuth: ["contoso-old.example", "fail"],
    });
  return rows;
}

/** Splits a day's rows between the reporters (each gets its share of every row's messages). */
function split(rows: readonly Row[], rnd: () => number): Row[][] {
  const out: Row[][] = REPORTERS.map(() => []);
  for (const row of rows) {
    let left = row.count;
    REPORTERS.forEach((r, i) => {
      const last = i === REPORTERS.length - 1;
      const part = last ? left : Math.min(left, Math.round(row.count * r.share * (0.8 + 0.4 * rnd())));
      left -= part;
      if (part > 0) out[i]?.push({ ...row, count: part });
    });
  }
  return out;
}

function xmlOf(
  reporter: (typeof REPORTERS)[number],
  id: string,
  begin: number,
  domain: string,
  p: string,
  rows: readonly Row[],
): string {
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<feedback>`,
    `  <version>1.0</version>`,
    `  <report_metadata>`,
    `    <org_name>${reporter.org}</org_name>`,
    `    <email>${reporter.email}</email>`,
    `    <report_id>${id}</report_id>`,
    `    <date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range>`,
    `  </report_metadata>`,
    `  <policy_published><domain>${domain}</domain><adkim>r</adkim><aspf>r</aspf><p>${p}</p><sp>${p}</sp><pct>100</pct></policy_published>`,
  ];
  for (const r of rows) {
    lines.push(
      `  <record>`,
      `    <row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>${r.disposition}</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf>${r.reason ? `<reason><type>${r.reason}</type></reason>` : ""}</policy_evaluated></row>`,
      `    <identifiers><header_from>${r.from}</header_from><envelope_from>${r.envelope}</envelope_from></identifiers>`,
      `    <auth_results>${r.dkimAuth.map(([d, s, res]) => `<dkim><domain>${d}</domain><selector>${s}</selector><result>${res}</result></dkim>`).join("")}<spf><domain>${r.spfAuth[0]}</domain><scope>mfrom</scope><result>${r.spfAuth[1]}</result></spf></auth_results>`,
      `  </record>`,
    );
  }
  lines.push(`</feedback>`, ``);
  return lines.join("\n");
}

/** The month of reports: file name (RFC 7489 §7.2.1.1) and XML. */
export function contosoReports(): { name: string; xml: string }[] {
  const rnd = random(20261123);
  const out: { name: string; xml: string }[] = [];
  for (let day = 0; day < DAYS; day++) {
    const begin = (FIRST_DAY + day * 86_400_000) / 1000;
    for (const [domain, p, rows] of [
      ["contoso.example", "none", contosoDay(day, rnd)],
      ["contoso-old.example", "reject", oldDay(rnd)],
    ] as const) {
      split(rows, rnd).forEach((part, i) => {
        const reporter = REPORTERS[i] as (typeof REPORTERS)[number];
        if (part.length === 0) return;
        const id = `${begin}.${i}.${domain}`;
        const host = reporter.email.split("@")[1] ?? "reporter.example";
        out.push({
          name: `${host}!${domain}!${begin}!${begin + 86399}.xml`,
          xml: xmlOf(reporter, id, begin, domain, p, part),
        });
      });
    }
  }
  return out;
}

/** Where the archive goes. */
export const CONTOSO_REPORTS = join(import.meta.dirname, "../fixtures/examples/contoso/dmarc-reports.zip.gz");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reports = contosoReports();
  const zip = zipOf(reports.map((r) => ({ name: r.name, data: Buffer.from(r.xml), store: true })));
  const archive = gzipSync(zip, { level: 9 });
  writeFileSync(CONTOSO_REPORTS, archive);
  console.log(`wrote ${CONTOSO_REPORTS}: ${reports.length} reports, ${archive.byteLength} bytes`);
}
