/**
 * Report ingestion benchmark (`npm run bench reports`): a generated corpus of DMARC aggregate
 * reports (a third each as .xml, .xml.gz and .zip) in a temporary folder, read three ways, each
 * in a fresh process:
 *
 * - ours, parse: readInputs + readAggregateReport (records counted, not kept);
 * - ours, import: importReports into a new SQLite store (parse + writes);
 * - Python's standard library: gzip/zipfile + xml.etree.ElementTree.fromstring (/usr/bin/python3),
 *   the same files in the same run.
 *
 * Rates are records per CPU second of the process (the machine is shared; waiting for a core is
 * nobody's cost). Peak memory is the process's maximum resident set size; it is measured for two
 * corpus sizes to show that ours does not grow with the corpus (records stream to the store),
 * with the heap still in use after a full GC at the end. Our processes run with
 * `--max-semi-space-size=8`: by default V8 grows its young generation with the allocation rate
 * (up to 128 MiB on this 24 GiB machine), which makes the peak RSS of a short run depend on how
 * long it ran rather than on what it keeps.
 *
 * Sizes: REPORTS_BENCH_SIZES="1000x100,10000x100" (reports x records per report, the default;
 * "none" skips ingestion).
 *
 * Then reconciliation (issue 15 §4): REPORTS_BENCH_RECONCILE records (default 1,000,000, "0"
 * skips it) in 100-record reports for the Contoso example (its description and recorded DNS): 60%
 * from its described paths, 5% from an undeclared provider, 5% forwarded, 30% spoofing from 20,000
 * addresses. Each run is a fresh process: the audit of the parsed reports in memory, the audit of
 * the same records from a SQLite store, and two baselines on that store: reading every record
 * with nothing done (the floor), and `summarizeSources` (sums per day and source, no
 * classification). Rates are records per CPU second; PTR lookups are capped at 64 (recorded DNS).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readAggregateReport } from "../src/reports/aggregate.ts";
import { importReports } from "../src/reports/import.ts";
import { readInputs } from "../src/reports/inputs.ts";
import { openSqliteReportStore } from "../src/reports/sqlite-store.ts";
import { zipOf } from "../test/reports/zip-writer.ts";
import { reconcileChild } from "./helpers/reconcile-corpus.ts";

const self = fileURLToPath(import.meta.url);

interface Measure {
  records: number;
  documents: number;
  cpuSeconds: number;
  maxRssMiB: number;
  /** Heap in use after a full GC at the end (ours only). */
  retainedHeapMiB?: number;
}

const REPORTERS = ["google.com", "Outlook.com", "Yahoo", "Mail.Ru", "Fastmail", "Mimecast", "GMX", "comcast.net"];
const RESULTS = ["pass", "fail"];

/** One report: `records` records from varied sources, as a receiver writes them. */
function report(index: number, records: number): string {
  const reporter = REPORTERS[index % REPORTERS.length] ?? "r";
  const domain = `org${index % 97}.example`;
  const begin = 1_717_200_000 + (index % 30) * 86400;
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<feedback>\n  <version>1.0</version>\n  <report_metadata>\n    <org_name>${reporter}</org_name>\n    <email>noreply-dmarc@${reporter.toLowerCase()}</email>\n    <report_id>${index}-${reporter}</report_id>\n    <date_range>\n      <begin>${begin}</begin>\n      <end>${begin + 86399}</end>\n    </date_range>\n  </report_metadata>\n  <policy_published>\n    <domain>${domain}</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n    <p>none</p>\n    <sp>none</sp>\n    <pct>100</pct>\n  </policy_published>\n`,
  ];
  for (let i = 0; i < records; i++) {
    const n = index * records + i;
    const dkim = RESULTS[n % 3 === 0 ? 1 : 0];
    const spf = RESULTS[n % 5 === 0 ? 1 : 0];
    parts.push(
      `  <record>\n    <row>\n      <source_ip>${10 + (n % 200)}.${(n >> 8) & 255}.${(n >> 3) & 255}.${n & 255}</source_ip>\n      <count>${1 + (n % 40)}</count>\n      <policy_evaluated>\n        <disposition>none</disposition>\n        <dkim>${dkim}</dkim>\n        <spf>${spf}</spf>\n      </policy_evaluated>\n    </row>\n    <identifiers>\n      <header_from>${domain}</header_from>\n      <envelope_from>bounces.${domain}</envelope_from>\n    </identifiers>\n    <auth_results>\n      <dkim>\n        <domain>${domain}</domain>\n        <selector>s${n % 4}</selector>\n        <result>${dkim}</result>\n      </dkim>\n      <spf>\n        <domain>bounces.${domain}</domain>\n        <scope>mfrom</scope>\n        <result>${spf}</result>\n      </spf>\n    </auth_results>\n  </record>\n`,
    );
  }
  parts.push("</feedback>\n");
  return parts.join("");
}

function generate(dir: string, reports: number, records: number): { bytes: number; xmlBytes: number } {
  let bytes = 0;
  let xmlBytes = 0;
  for (let i = 0; i < reports; i++) {
    const sub = join(dir, String(Math.floor(i / 1000)));
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    const xml = Buffer.from(report(i, records));
    const base = `receiver${i % REPORTERS.length}.example!org${i % 97}.example!${i}`;
    xmlBytes += xml.byteLength;
    let out: Buffer;
    let name: string;
    if (i % 3 === 0) [out, name] = [xml, `${base}.xml`];
    else if (i % 3 === 1) [out, name] = [gzipSync(xml), `${base}.xml.gz`];
    else [out, name] = [zipOf([{ name: `${base}.xml`, data: xml }]), `${base}.zip`];
    writeFileSync(join(sub, name), out);
    bytes += out.byteLength;
  }
  return { bytes, xmlBytes };
}

const PYTHON = `
import json, os, sys, gzip, zipfile, time, resource
import xml.etree.ElementTree as ET
root = sys.argv[1]
start = time.process_time()
records = documents = 0
for folder, _, names in os.walk(root):
    for name in sorted(names):
        path = os.path.join(folder, name)
        if name.endswith(".gz"):
            with gzip.open(path) as f:
                datas = [f.read()]
        elif name.endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                datas = [z.read(n) for n in z.namelist()]
        else:
            with open(path, "rb") as f:
                datas = [f.read()]
        for data in datas:
            tree = ET.fromstring(data)
            records += len(tree.findall("record"))
            documents += 1
cpu = time.process_time() - start
print(json.dumps({"records": records, "documents": documents, "cpuSeconds": cpu,
                  "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

async function childParse(dir: string): Promise<Measure> {
  const cpu = process.cpuUsage();
  let records = 0;
  let documents = 0;
  for await (const item of readInputs([dir])) {
    if (item.type === "refused") throw new Error(`${item.name}: ${item.error.message}`);
    const r = await readAggregateReport(item.source, {
      onRecord: () => {
        records++;
      },
    });
    if (!r.ok) throw new Error(`${item.name}: ${r.error.message}`);
    documents++;
  }
  return finish(cpu, records, documents);
}

async function childImport(dir: string, db: string): Promise<Measure> {
  const opened = await openSqliteReportStore(db);
  if (!opened.ok) throw new Error(opened.error);
  const cpu = process.cpuUsage();
  const summary = await importReports([dir], opened.store);
  await opened.store.close();
  if (summary.refused > 0) throw new Error(`${summary.refused} refused`);
  return finish(cpu, summary.records, summary.imported);
}

function finish(cpu: NodeJS.CpuUsage, records: number, documents: number): Measure {
  const used = process.cpuUsage(cpu);
  (globalThis as { gc?: () => void }).gc?.();
  return {
    records,
    documents,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    retainedHeapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

function run(args: string[], python = false): Measure {
  const result = python
    ? spawnSync("/usr/bin/python3", ["-c", PYTHON, ...args], { encoding: "utf8", maxBuffer: 1 << 20 })
    : spawnSync(process.execPath, ["--no-warnings", "--expose-gc", "--max-semi-space-size=8", self, ...args], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
  if (result.status !== 0) throw new Error(`${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop() ?? "{}") as Measure;
}

const rate = (m: Measure) => m.records / m.cpuSeconds;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main(): Promise<void> {
  const spec = process.env.REPORTS_BENCH_SIZES ?? "1000x100,10000x100";
  const sizes = spec === "none" ? [] : spec.split(",").map((s) => s.split("x").map(Number));
  console.log(
    "DMARC aggregate report ingestion: records per CPU second and peak RSS, each reader in a fresh process on the same files",
  );
  for (const [reports = 0, records = 0] of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "eaa-reports-bench-"));
    try {
      const corpus = join(dir, "corpus");
      const made = generate(corpus, reports, records);
      console.log(
        `\ncorpus: ${fmt(reports)} reports, ${fmt(reports * records)} records (${(made.xmlBytes / 2 ** 20).toFixed(0)} MiB of XML, ${(made.bytes / 2 ** 20).toFixed(0)} MiB on disk as .xml/.xml.gz/.zip)`,
      );
      const parse = run(["--child", "parse", corpus]);
      const python = run([corpus], true);
      const imported = run(["--child", "import", corpus, join(dir, "reports.db")]);
      for (const m of [parse, python, imported])
        if (m.records !== reports * records)
          throw new Error(`counted ${m.records} records, expected ${reports * records}`);
      const line = (label: string, m: Measure) =>
        console.log(
          `${label.padEnd(34)} ${fmt(rate(m)).padStart(10)} records/s  ${m.cpuSeconds.toFixed(1).padStart(6)} s CPU  peak RSS ${m.maxRssMiB.toFixed(0).padStart(5)} MiB${m.retainedHeapMiB === undefined ? "" : `  heap after GC ${m.retainedHeapMiB.toFixed(0)} MiB`}`,
        );
      line("ours: parse (streaming)", parse);
      line("Python ElementTree (fromstring)", python);
      line("ours: import into SQLite", imported);
      console.log(`ratio parse ours/Python: ${(rate(parse) / rate(python)).toFixed(2)}x`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function reconciliation(records: number): Promise<void> {
  if (records <= 0) return;
  console.log(
    `\nreconciliation: ${fmt(records)} records in ${fmt(records / 100)} reports (Contoso: paths, an undeclared provider, forwarders, 20,000 spoofing addresses)`,
  );
  const dir = mkdtempSync(join(tmpdir(), "eaa-reconcile-bench-"));
  try {
    const db = join(dir, "reports.db");
    const runs: [string, string][] = [
      ["ours: audit, reports in memory", "memory"],
      ["ours: audit, reports from SQLite", "store"],
      ["baseline: read the store, nothing done", "floor"],
      ["baseline: summarizeSources on the store", "summarize"],
    ];
    run(["--child", "reconcile", "fill", db, String(records)]);
    const measured = runs.map(
      ([label, mode]) => [label, run(["--child", "reconcile", mode, db, String(records)])] as const,
    );
    for (const [label, m] of measured) {
      if (m.records !== records) throw new Error(`${label}: counted ${m.records} records, expected ${records}`);
      console.log(
        `${label.padEnd(40)} ${fmt(rate(m)).padStart(10)} records/s  ${m.cpuSeconds.toFixed(1).padStart(6)} s CPU  peak RSS ${m.maxRssMiB.toFixed(0).padStart(5)} MiB`,
      );
    }
    const [, store] = measured[1] as readonly [string, Measure];
    const [, floor] = measured[2] as readonly [string, Measure];
    console.log(`ratio audit from SQLite / reading the store: ${(rate(store) / rate(floor)).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child" && process.argv[3] === "reconcile") {
  const [, , , , mode = "", db = "", records = "0"] = process.argv;
  // Preparing (generating the reports in memory, opening the store) is not timed.
  const work = await reconcileChild(mode, db, Number(records));
  const cpu = process.cpuUsage();
  const counted = await work();
  console.log(JSON.stringify(finish(cpu, counted, 0)));
} else if (process.argv[2] === "--generate") {
  // Leaves a corpus behind for profiling: --generate DIR REPORTS RECORDS
  const [, , , dir = "corpus", reports = "1000", records = "100"] = process.argv;
  console.log(generate(dir, Number(reports), Number(records)));
} else if (process.argv[2] === "--child") {
  const [, , , mode, dir = "", db = ""] = process.argv;
  const m = mode === "import" ? await childImport(dir, db) : await childParse(dir);
  console.log(JSON.stringify(m));
} else {
  await main();
  await reconciliation(Number(process.env.REPORTS_BENCH_RECONCILE ?? "1000000"));
}
