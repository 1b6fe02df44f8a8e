/**
 * `check` with several domains, `--domains-file` or a bulk format: results streamed (jsonl, csv) or
 * assembled from pieces on disk, paths checked before any DNS question, output renamed into place,
 * `--resume`, the per-domain deadline, progress and the summary line on standard error.
 */
import { createSocket, type Socket } from "node:dgram";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckOptions } from "../../src/audit/api.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { bulkReportSchema, domainResultSchema } from "../../src/report/bulk-schema.ts";
import type { BulkReport, DomainResult } from "../../src/report/bulk-types.ts";
import { checkReport } from "../report/samples.ts";
import { dnsBackedCheck, fakeCheck } from "./fakes.ts";
import { cli, workdir } from "./harness.ts";

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

const FIXTURE = ["--resolver", "fixture:dns.json"];
const lines = (text: string) => text.split("\n").filter((l) => l !== "");
const jsonl = (file: string) => lines(readFileSync(join(dir, file), "utf8")).map((l) => JSON.parse(l) as DomainResult);
const leftovers = (sub: string) =>
  readdirSync(join(dir, sub)).filter((f) => f.includes(".tmp") || f.endsWith(".partial"));

/** A UDP DNS server that answers every question with one TXT record and counts the questions by name. */
async function countingServer(): Promise<{ port: number; asked: Map<string, number>; close(): void }> {
  const socket: Socket = createSocket("udp4");
  const asked = new Map<string, number>();
  socket.on("message", (message, rinfo) => {
    const query = dnsPacket.decode(message);
    const q = query.questions?.[0];
    if (q === undefined) return;
    asked.set(`${q.name}|${q.type}`, (asked.get(`${q.name}|${q.type}`) ?? 0) + 1);
    const answers = q.type === "TXT" ? [{ type: "TXT" as const, name: q.name, ttl: 300, data: ["v=spf1 -all"] }] : [];
    const reply = dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [q],
      answers,
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: socket.address().port, asked, close: () => socket.close() };
}

describe("check with several domains (bulk): results", () => {
  it("gives one result per domain when one check throws, the others go on, and a summary at the end", async () => {
    const { checkDomain, calls } = fakeCheck({ "b.example": async () => Promise.reject(new Error("SERVFAIL storm")) });
    const r = await cli(["check", "a.example", "b.example", "c.example", ...FIXTURE], { cwd: dir, checkDomain });
    expect(calls.map((c) => c.domain).sort()).toEqual(["a.example", "b.example", "c.example"]);
    expect(r.code).toBe(1); // a domain that could not be checked is not a pass
    expect(r.stdout).toContain("check of a.example");
    expect(r.stdout).toContain("✖ b.example: not checked: SERVFAIL storm");
    const summary = r.stdout.slice(r.stdout.lastIndexOf("Summary\n"));
    // At 100 columns (not a terminal, COLUMNS unset) the summary is one card per domain.
    expect(summary).toMatch(/\n {2}a\.example\n {4}RESULT: WARN\s/);
    expect(summary).toMatch(/\n {2}b\.example\n {4}RESULT: NOT CHECKED\s.*SERVFAIL storm\n/);
    expect(summary).toContain("3 domains: 0 pass, 2 warn, 0 fail, 1 not checked · 0 errors, 4 warnings, 0 info");
    // Standard error ends with the summary line, even without a terminal.
    expect(r.stderr).toMatch(
      /^checked 3 domains in 0 s \(0\.0\/s\): 0 pass, 2 warn, 0 fail, 1 not checked; 0 errors, 4 warnings, 0 info\n$/,
    );
  });

  it("exits 0 when every domain was checked and nothing reaches --fail-on; 1 when --fail-on warning", async () => {
    const argv = ["check", "a.example", "b.example", ...FIXTURE];
    expect((await cli(argv, { cwd: dir, checkDomain: fakeCheck().checkDomain })).code).toBe(0);
    expect(
      (await cli([...argv, "--fail-on", "warning"], { cwd: dir, checkDomain: fakeCheck().checkDomain })).code,
    ).toBe(1);
  });

  it("reads --domains-file: comments, blanks and duplicates skipped, bad lines reported with their line number", async () => {
    writeFileSync(
      join(dir, "domains.txt"),
      "# our domains\na.example\n\n  B.Example.  # trailing comment\na.example\nnot a domain\nbücher.example\n",
    );
    const { checkDomain, calls } = fakeCheck();
    const r = await cli(["check", "--domains-file", "domains.txt", ...FIXTURE, "--format", "json"], {
      cwd: dir,
      checkDomain,
    });
    const bulk = JSON.parse(r.stdout) as BulkReport;
    expect(lazyValidator(bulkReportSchema)(bulk)).toEqual([]);
    expect(bulk.entries.map((e) => `${e.domain}:${e.status}`)).toEqual([
      "a.example:checked",
      "b.example:checked",
      "not a domain:not-checked",
      "xn--bcher-kva.example:checked",
    ]);
    expect(bulk.entries[2]).toEqual({
      domain: "not a domain",
      status: "not-checked",
      reason: "not a domain name: not a domain name",
      line: 6,
    });
    expect(calls.map((c) => c.domain).sort()).toEqual(["a.example", "b.example", "xn--bcher-kva.example"]);
    expect(bulk.summary).toMatchObject({ domains: 4, checked: 3, notChecked: 1 });
    expect(r.code).toBe(1);
  });

  it("reads domains files written as UTF-16 with a BOM (Windows PowerShell 5.1) and refuses binary ones", async () => {
    const text = "a.example\r\nbücher.example\r\n";
    writeFileSync(join(dir, "utf16le.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const be = Buffer.from(text, "utf16le").swap16();
    writeFileSync(join(dir, "utf16be.txt"), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    for (const file of ["utf16le.txt", "utf16be.txt"]) {
      const r = await cli(["check", "--domains-file", file, ...FIXTURE, "--format", "jsonl"], {
        cwd: dir,
        checkDomain: fakeCheck().checkDomain,
      });
      expect(
        lines(r.stdout)
          .map((l) => (JSON.parse(l) as DomainResult).domain)
          .sort(),
      ).toEqual(["a.example", "xn--bcher-kva.example"]);
    }
    writeFileSync(join(dir, "binary.txt"), Buffer.from([0x61, 0x00, 0x62, 0x0a, 0x89, 0x50]));
    const bad = await cli(["check", "--domains-file", "binary.txt", ...FIXTURE], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "error: cannot read the domains file binary.txt: it is not a text file (it contains NUL bytes)\n",
    );
  });

  it("exits 2 for a missing or empty domains file", async () => {
    writeFileSync(join(dir, "empty.txt"), "# nothing\n\n");
    const missing = await cli(["check", "--domains-file", "none.txt"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("error: cannot read the domains file none.txt: no such file\n");
    const empty = await cli(["check", "--domains-file", "empty.txt", ...FIXTURE], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe("error: empty.txt lists no domains\n");
  });

  it("runs at most --concurrency checks at once, uses that many, and keeps input order in documents", async () => {
    let inFlight = 0;
    let peak = 0;
    const checkDomain = async (domain: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Later domains finish first.
      await new Promise((resolve) => setTimeout(resolve, 30 - Number(domain.slice(1, -8))));
      inFlight--;
      return checkReport(domain, []);
    };
    const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
    const r = await cli(["check", ...domains, ...FIXTURE, "--concurrency", "3", "--format", "json"], {
      cwd: dir,
      checkDomain,
    });
    expect(peak).toBe(3);
    expect((JSON.parse(r.stdout) as BulkReport).entries.map((e) => e.domain)).toEqual(domains);
  });

  it("shares ONE cache across domains: a question common to all is asked upstream once", async () => {
    const server = await countingServer();
    try {
      const checkDomain = async (domain: string, options: CheckOptions) => {
        await options.resolver.resolve("spf.protection.outlook.com", "TXT");
        return checkReport(domain, []);
      };
      const domains = Array.from({ length: 12 }, (_, i) => `d${i}.example`);
      const r = await cli(
        ["check", ...domains, "--resolver", `udp://127.0.0.1:${server.port}`, "--concurrency", "4", "-f", "jsonl"],
        { cwd: dir, checkDomain },
      );
      expect(r.code).toBe(0);
      expect(lines(r.stdout)).toHaveLength(12);
      expect(server.asked.get("spf.protection.outlook.com|TXT")).toBe(1);
    } finally {
      server.close();
    }
  });

  it("a domain whose own name is NXDOMAIN is 'not found' (RFC 8020), not a report of missing records", async () => {
    const r = await cli(["check", "contoso.example", "nowhere.example", ...FIXTURE, "--format", "jsonl"], {
      cwd: dir,
      checkDomain: dnsBackedCheck,
    });
    const results = lines(r.stdout).map((l) => JSON.parse(l) as DomainResult);
    const nowhere = results.find((x) => x.domain === "nowhere.example");
    expect(nowhere).toEqual({
      domain: "nowhere.example",
      status: "not-found",
      reason: "nowhere.example does not exist (NXDOMAIN)",
    });
    expect(results.find((x) => x.domain === "contoso.example")?.status).toBe("checked");
  });
});

describe("check --format jsonl / csv (streamed)", () => {
  it("jsonl writes one valid result per line as each domain finishes, in the order they finish", async () => {
    const checkDomain = async (domain: string) => {
      await new Promise((resolve) => setTimeout(resolve, domain === "slow.example" ? 40 : 1));
      return checkReport(domain, []);
    };
    const r = await cli(["check", "slow.example", "fast.example", ...FIXTURE, "-f", "jsonl", "--concurrency", "2"], {
      cwd: dir,
      checkDomain,
    });
    const results = lines(r.stdout).map((l) => JSON.parse(l) as DomainResult);
    expect(results.map((x) => x.domain)).toEqual(["fast.example", "slow.example"]);
    const validate = lazyValidator(domainResultSchema);
    for (const x of results) expect(validate(x)).toEqual([]);
  });

  it("a single domain with --format jsonl is a bulk run of one (one line)", async () => {
    const r = await cli(["check", "a.example", ...FIXTURE, "-f", "jsonl"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(lines(r.stdout)).toHaveLength(1);
  });

  it("csv writes a header and one row per domain", async () => {
    const r = await cli(["check", "a.example", "b.example", ...FIXTURE, "-f", "csv"], {
      cwd: dir,
      checkDomain: fakeCheck({ "b.example": async () => Promise.reject(new Error("boom")) }).checkDomain,
    });
    const rows = r.stdout.split("\r\n").filter((l) => l !== "");
    expect(rows[0]).toBe("domain,status,result,spf,dmarc,errors,warnings,info,note");
    expect(rows.slice(1).sort()).toEqual([
      expect.stringMatching(/^a\.example,checked,WARN,/),
      "b.example,not-checked,NOT CHECKED,,,,,,boom",
    ]);
  });

  it("the audit command does not take the bulk-only formats", async () => {
    const r = await cli(["audit", "--org", "org.json", "-f", "jsonl"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Allowed choices are text, json, markdown, sarif, html");
  });
});

describe("check --output: temporary file renamed into place", () => {
  it("writes under a temporary name in the same folder and renames it at the end", async () => {
    mkdirSync(join(dir, "out"), { recursive: true });
    const seen: string[][] = [];
    const checkDomain = async (domain: string) => {
      seen.push(readdirSync(join(dir, "out")));
      return checkReport(domain, []);
    };
    for (const format of ["jsonl", "html", "markdown"]) {
      seen.length = 0;
      const file = `out/report.${format}`;
      const r = await cli(["check", "a.example", "b.example", ...FIXTURE, "-f", format, "-o", file], {
        cwd: dir,
        checkDomain,
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("");
      // While the run went on, only the temporary file was there.
      expect(seen.flat().filter((f) => f === `report.${format}`)).toEqual([]);
      expect(seen.flat().some((f) => f.startsWith(`.report.${format}.`) || f === `report.${format}.partial`)).toBe(
        true,
      );
      expect(existsSync(join(dir, file))).toBe(true);
      expect(leftovers("out")).toEqual([]);
    }
    expect(
      jsonl("out/report.jsonl")
        .map((x) => x.domain)
        .sort(),
    ).toEqual(["a.example", "b.example"]);
  });

  it("never writes through a symbolic link or over the domains file; a device is written in place", async () => {
    const { checkDomain, calls } = fakeCheck();
    writeFileSync(join(dir, "list.txt"), "a.example\nb.example\n");
    const before = readFileSync(join(dir, "list.txt"), "utf8");
    const over = await cli(["check", "--domains-file", "list.txt", ...FIXTURE, "-f", "jsonl", "-o", "list.txt"], {
      cwd: dir,
      checkDomain,
    });
    expect(over.code).toBe(2);
    expect(over.stderr).toContain("refusing to write list.txt: it is an input of this run");
    expect(readFileSync(join(dir, "list.txt"), "utf8")).toBe(before);
    writeFileSync(join(dir, "victim.txt"), "keep me\n");
    rmSync(join(dir, "link.jsonl"), { force: true });
    symlinkSync(join(dir, "victim.txt"), join(dir, "link.jsonl"));
    const link = await cli(["check", "a.example", "b.example", ...FIXTURE, "-f", "jsonl", "-o", "link.jsonl"], {
      cwd: dir,
      checkDomain,
    });
    expect(link.code).toBe(2);
    expect(link.stderr).toContain("refusing to write link.jsonl: it is a symbolic link");
    expect(readFileSync(join(dir, "victim.txt"), "utf8")).toBe("keep me\n");
    expect(calls).toEqual([]); // refused before the first check
    // /dev/null is a device: written in place (no temporary file beside it), for every format.
    for (const format of ["jsonl", "markdown"]) {
      const dev = await cli(["check", "a.example", "b.example", ...FIXTURE, "-f", format, "-o", "/dev/null"], {
        cwd: dir,
        checkDomain,
      });
      expect(dev.code).toBe(0);
      expect(dev.stderr).not.toMatch(/^error:/m);
      expect(dev.stderr).toContain("checked 2 domains");
    }
  });

  it("checks the output and recording paths before the first DNS question", async () => {
    const { checkDomain, calls } = fakeCheck();
    const base = ["check", "a.example", "b.example", ...FIXTURE];
    const noFolder = await cli([...base, "-o", "missing/report.json"], { cwd: dir, checkDomain });
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toBe("error: cannot write missing/report.json: its folder does not exist\n");
    mkdirSync(join(dir, "a-folder"), { recursive: true });
    const folder = await cli([...base, "-o", "a-folder"], { cwd: dir, checkDomain });
    expect(folder.stderr).toBe("error: cannot write a-folder: it is a folder\n");
    const record = await cli([...base, "-o", "ok.json", "--record", "missing/rec.json"], { cwd: dir, checkDomain });
    expect(record.code).toBe(2);
    expect(record.stderr).toBe("error: cannot write the DNS recording missing/rec.json: its folder does not exist\n");
    expect(calls).toHaveLength(0);
    expect(existsSync(join(dir, "ok.json"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a recording that cannot be written never discards the report", async () => {
    mkdirSync(join(dir, "rec"), { recursive: true });
    const checkDomain = async (domain: string, options: CheckOptions) => {
      await options.resolver.resolve(domain, "TXT");
      // The recording's folder goes away during the run: the rename at the end fails.
      rmSync(join(dir, "rec"), { recursive: true, force: true });
      return checkReport(domain, []);
    };
    const r = await cli(
      [
        "check",
        "contoso.example",
        "contoso-old.example",
        ...FIXTURE,
        "-f",
        "json",
        "-o",
        "kept.json",
        "--record",
        "rec/dns.json",
      ],
      { cwd: dir, checkDomain },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: cannot write the DNS recording rec\/dns\.json: .* \(the report was written\)\n$/);
    const bulk = JSON.parse(readFileSync(join(dir, "kept.json"), "utf8")) as BulkReport;
    expect(bulk.entries.map((e) => e.domain)).toEqual(["contoso.example", "contoso-old.example"]);
  });

  it("--record writes what every domain's check asked as one fixture", async () => {
    const r = await cli(["check", "contoso.example", "contoso-old.example", ...FIXTURE, "--record", "bulk-rec.json"], {
      cwd: dir,
      checkDomain: dnsBackedCheck,
    });
    expect(r.code).toBe(0);
    const replay = await FixtureResolver.fromFile(join(dir, "bulk-rec.json"));
    expect(Object.keys(replay.fixture.records).sort()).toEqual([
      "_dmarc.contoso-old.example",
      "_dmarc.contoso.example",
      "contoso-old.example",
      "contoso.example",
    ]);
  });
});

describe("check --resume", () => {
  it("skips the domains the JSON Lines output (and an interrupted run's .partial) already has", async () => {
    mkdirSync(join(dir, "resume"), { recursive: true });
    writeFileSync(join(dir, "resume/list.txt"), "a.example\nb.example\nc.example\nd.example\n");
    const first = fakeCheck();
    const r1 = await cli(
      ["check", "--domains-file", "resume/list.txt", ...FIXTURE, "-f", "jsonl", "-o", "resume/r.jsonl"],
      {
        cwd: dir,
        checkDomain: first.checkDomain,
      },
    );
    expect(r1.code).toBe(0);
    // An interrupted later run left a partial file: one whole line, one cut short.
    const partialLine = JSON.stringify({
      domain: "e.example",
      status: "checked",
      report: checkReport("e.example", []),
    });
    writeFileSync(join(dir, "resume/list.txt"), "a.example\nb.example\nc.example\nd.example\ne.example\nf.example\n");
    writeFileSync(join(dir, "resume/r.jsonl.partial"), `${partialLine}\n{"domain":"f.example","status":"chec`);
    const again = await cli(
      ["check", "--domains-file", "resume/list.txt", ...FIXTURE, "-f", "jsonl", "-o", "resume/r.jsonl"],
      { cwd: dir, checkDomain: fakeCheck().checkDomain },
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      "resume/r.jsonl.partial exists: a run writing resume/r.jsonl was interrupted (add --resume",
    );
    const second = fakeCheck();
    const r2 = await cli(
      ["check", "--domains-file", "resume/list.txt", ...FIXTURE, "-f", "jsonl", "-o", "resume/r.jsonl", "--resume"],
      { cwd: dir, checkDomain: second.checkDomain },
    );
    expect(r2.code).toBe(0);
    expect(second.calls.map((c) => c.domain)).toEqual(["f.example"]);
    expect(r2.stderr).toContain("warning: --resume dropped 1 line(s) that are not whole results\n");
    expect(r2.stderr).toContain("checked 6 domains, 5 of them from the earlier run");
    const results = jsonl("resume/r.jsonl");
    expect(results.map((x) => x.domain).sort()).toEqual(["a", "b", "c", "d", "e", "f"].map((x) => `${x}.example`));
    expect(leftovers("resume")).toEqual([]);
    // Nothing left to do: the file stays whole.
    const third = fakeCheck();
    const r3 = await cli(
      ["check", "--domains-file", "resume/list.txt", ...FIXTURE, "-f", "jsonl", "-o", "resume/r.jsonl", "--resume"],
      { cwd: dir, checkDomain: third.checkDomain },
    );
    expect(r3.code).toBe(0);
    expect(third.calls).toHaveLength(0);
    expect(jsonl("resume/r.jsonl")).toHaveLength(6);
  });

  it("--resume needs --format jsonl and --output", async () => {
    const r = await cli(["check", "a.example", "b.example", ...FIXTURE, "--resume", "-f", "json", "-o", "x.json"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --resume continues a JSON Lines output: use it with --format jsonl and --output FILE\n",
    );
  });
});

describe("the deadline per domain (--domain-timeout)", () => {
  let silent: Socket;
  let port: number;
  beforeAll(async () => {
    silent = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    port = silent.address().port;
  });
  afterAll(() => silent.close());

  it("a resolver that never answers cannot hold a worker: the domain is 'not checked' with the reason", async () => {
    const started = Date.now();
    const r = await cli(
      [
        "check",
        "a.example",
        "b.example",
        "--resolver",
        `udp://127.0.0.1:${port}`,
        "--timeout",
        "60000",
        "--domain-timeout",
        "0.3",
        "-f",
        "jsonl",
      ],
      { cwd: dir, checkDomain: dnsBackedCheck },
    );
    expect(Date.now() - started).toBeLessThan(5_000); // not the 2 x 60 s the DNS timeout allows
    const results = lines(r.stdout).map((l) => JSON.parse(l) as DomainResult);
    expect(results).toEqual([
      { domain: "a.example", status: "not-checked", reason: "not checked within the deadline of 0.3 s per domain" },
      { domain: "b.example", status: "not-checked", reason: "not checked within the deadline of 0.3 s per domain" },
    ]);
    expect(r.code).toBe(1);
  });

  it("--timeout bounds each DNS wait, and every domain still gets its report (temperror)", async () => {
    const r = await cli(
      ["check", "a.example", "b.example", "--resolver", `udp://127.0.0.1:${port}`, "--timeout", "100", "-f", "json"],
      { cwd: dir, checkDomain: dnsBackedCheck },
    );
    const bulk = JSON.parse(r.stdout) as BulkReport;
    expect(bulk.entries.map((e) => e.status === "checked" && e.report.findings[0]?.message)).toEqual([
      "DNS timeout for a.example TXT: SPF is temperror.",
      "DNS timeout for b.example TXT: SPF is temperror.",
    ]);
  });
});

describe("progress on standard error", () => {
  it("on a terminal: redrawn and cleared; then the summary line", async () => {
    const argv = ["check", "a.example", "b.example", "c.example", ...FIXTURE];
    const tty = await cli(argv, { cwd: dir, checkDomain: fakeCheck().checkDomain, stderrTTY: true });
    expect(tty.stderr).toContain("checking 3/3 ");
    expect(tty.stderr).toMatch(/\r\u001b\[2Kchecked 3 domains in/); // the line is cleared before the summary
    expect(tty.stdout).not.toContain("checking 3/3");
  });
});
