/**
 * The reconciliation benchmark's corpus and work (bench/reports.bench.ts): DMARC aggregate
 * records for the Contoso example, generated from a fixed seed, in memory or in a SQLite store;
 * and the four measured runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { audit } from "../../src/audit/api.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { summarizeSources } from "../../src/reports/source-days.ts";
import { openSqliteReportStore, type SqliteReportStore } from "../../src/reports/sqlite-store.ts";
import type { AggregateRecord, AggregateReport } from "../../src/reports/types.ts";

const EXAMPLE = join(import.meta.dirname, "../../fixtures/examples/contoso");
const PER_REPORT = 100;

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

type Kind = Omit<AggregateRecord, "sourceIp" | "count">;
const auth = (dkim: [string, string, "pass" | "fail"][], spf: [string, "pass" | "fail" | "softfail"]) => ({
  dkim: dkim.map(([domain, selector, result]) => ({ domain, selector, result })),
  spf: [{ domain: spf[0], scope: "mfrom" as const, result: spf[1] }],
});
const base = { disposition: "none" as const, reasons: [], envelopeFrom: null, envelopeTo: null };
const PATHS: [string[], Kind][] = [
  [
    ["203.0.113.25", "2001:db8:25::25"],
    {
      ...base,
      dkim: "pass",
      spf: "fail",
      headerFrom: "contoso.example",
      authResults: auth([["contoso.example", "relay2025", "pass"]], ["contoso.example", "fail"]),
    },
  ],
  [
    ["40.107.22.61", "40.107.23.95", "52.100.170.3"],
    {
      ...base,
      dkim: "pass",
      spf: "pass",
      headerFrom: "contoso.example",
      authResults: auth([["contoso.example", "selector1", "pass"]], ["contoso.example", "pass"]),
    },
  ],
  [
    ["167.89.12.34", "149.72.40.5"],
    {
      ...base,
      dkim: "pass",
      spf: "fail",
      headerFrom: "news.contoso.example",
      authResults: auth([["news.contoso.example", "s1", "pass"]], ["sendgrid.net", "pass"]),
    },
  ],
  [
    ["54.240.3.10", "54.240.3.11"],
    {
      ...base,
      dkim: "pass",
      spf: "pass",
      headerFrom: "app.contoso.example",
      authResults: auth(
        [["app.contoso.example", "4mbkz3t4xq2hcyzsnfo5sgelbnvh6gzl", "pass"]],
        ["bounce.contoso.example", "pass"],
      ),
    },
  ],
];
const PROVIDER: [string[], Kind] = [
  ["192.0.2.30", "192.0.2.31"],
  {
    ...base,
    dkim: "fail",
    spf: "fail",
    headerFrom: "contoso.example",
    authResults: auth([["mcsv.net", "k2", "pass"]], ["mail30.atl91.mcsv.net", "pass"]),
  },
];
const FORWARD: [string[], Kind] = [
  ["209.85.220.41", "192.0.2.77"],
  {
    ...base,
    dkim: "pass",
    spf: "fail",
    headerFrom: "contoso.example",
    authResults: auth([["contoso.example", "relay2025", "pass"]], ["contoso.example", "softfail"]),
  },
];
const SPOOF: Kind = {
  ...base,
  dkim: "fail",
  spf: "fail",
  headerFrom: "contoso.example",
  authResults: auth([], ["contoso.example", "fail"]),
};

/** `n` records in reports of 100, one report per (reporter, day) slot; the same on every call. */
export function* corpus(n: number): Generator<AggregateReport> {
  const rnd = random(15);
  const spoofers = Array.from({ length: 20_000 }, (_, i) => `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  for (let r = 0; r * PER_REPORT < n; r++) {
    const records: AggregateRecord[] = [];
    for (let i = 0; i < PER_REPORT && r * PER_REPORT + i < n; i++) {
      const x = rnd();
      const [ips, kind] = x < 0.6 ? pick(PATHS) : x < 0.65 ? PROVIDER : x < 0.7 ? FORWARD : [spoofers, SPOOF];
      records.push({ ...kind, sourceIp: pick(ips), count: 1 + Math.floor(rnd() * 50) });
    }
    const begin = new Date(Date.parse("2026-10-24T00:00:00Z") + (r % 30) * 86_400_000).toISOString();
    yield {
      version: "1.0",
      orgName: `reporter${r % 7}.example`,
      email: "dmarc@reporter.example",
      reportId: `bench-${r}`,
      begin,
      end: new Date(Date.parse(begin) + 86_399_000).toISOString(),
      policy: {
        domain: "contoso.example",
        p: "none",
        sp: null,
        np: null,
        adkim: "r",
        aspf: "r",
        pct: 100,
        t: null,
        discoveryMethod: null,
      },
      records,
    };
  }
}

async function open(db: string): Promise<SqliteReportStore> {
  const opened = await openSqliteReportStore(db);
  if (!opened.ok) throw new Error(opened.error);
  return opened.store;
}

async function auditWith(source: readonly AggregateReport[] | SqliteReportStore): Promise<number> {
  const report = await audit(readFileSync(join(EXAMPLE, "org.json"), "utf8"), {
    resolver: await FixtureResolver.fromFile(join(EXAMPLE, "dns.json")),
    now: new Date("2026-11-23T09:00:00Z"),
    reports: { source },
  });
  return report.senders?.records ?? 0;
}

/** Prepares one run (untimed) and returns the work to time, which resolves to the records it read. */
export async function reconcileChild(mode: string, db: string, n: number): Promise<() => Promise<number>> {
  switch (mode) {
    case "fill":
      return async () => {
        const store = await open(db);
        let count = 0;
        for (const report of corpus(n)) {
          const pending = await store.beginAggregate("bench");
          await pending.add(report.records);
          const { records, ...header } = report;
          await pending.commit(header, { schema: "rfc7489", problems: [] });
          count += records.length;
        }
        await store.close();
        return count;
      };
    case "memory": {
      const reports = [...corpus(n)];
      return () => auditWith(reports);
    }
    case "store": {
      const store = await open(db);
      return async () => {
        const count = await auditWith(store);
        await store.close();
        return count;
      };
    }
    case "floor": {
      const store = await open(db);
      return async () => {
        let count = 0;
        for await (const _ of store.records()) count++;
        await store.close();
        return count;
      };
    }
    case "summarize": {
      const store = await open(db);
      return async () => {
        let count = 0;
        const counting = (async function* () {
          for await (const r of store.records()) {
            count++;
            yield r;
          }
        })();
        await summarizeSources(counting);
        await store.close();
        return count;
      };
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}
