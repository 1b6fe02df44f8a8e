/**
 * Organisation, catalog and fixture files (issue 18 §1): one reader for the CLI and the library,
 * with its limits (size, YAML aliases and nesting, counts), duplicate keys refused, UTF-8 with a
 * byte-order mark and UTF-16 read, binary refused, and long problem lists cut to 20 and a count.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditOptions } from "../../src/audit/api.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { loadOrgFile, OrgError } from "../../src/org/load.ts";
import { readOrgFile } from "../../src/org/read.ts";
import spfMultipleRecords from "../../src/rules/spf-multiple-records.ts";
import type { AuditFacts } from "../../src/verdicts/types.ts";
import { cli, workdir } from "../cli/harness.ts";
import { sampleReport } from "../report/samples.ts";

let dir: string;
let remove: () => void;
beforeEach(() => {
  ({ dir, remove } = workdir());
});
afterEach(() => remove());

/** A fake audit that records what the CLI passed it. */
function recordingAudit() {
  const calls: unknown[] = [];
  const audit = async (org: unknown, _options: AuditOptions) => {
    calls.push(org);
    return sampleReport();
  };
  return { audit, calls };
}

const contoso = () => readFileSync(join(dir, "org.json"), "utf8");

function utf16(text: string, endian: "le" | "be", bom: boolean): Buffer {
  const le = Buffer.from(text, "utf16le");
  const body = endian === "le" ? le : Buffer.from(le).swap16();
  const mark = endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}

describe("the CLI reads organisation files with the library's reader", () => {
  it("refuses duplicate keys in JSON (documented as errors), naming the key and line, exit 2", async () => {
    writeFileSync(
      join(dir, "dup.json"),
      '{\n  "version": 1,\n  "name": "A",\n  "name": "B",\n  "domains": [], "paths": []\n}\n',
    );
    const { audit, calls } = recordingAudit();
    const r = await cli(["audit", "--org", "dup.json"], { cwd: dir, audit });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: dup.json is not valid JSON:\n  line 4, column 3: invalid JSON: duplicate key "name" in an object\n',
    );
    expect(calls).toHaveLength(0);
  });

  it("refuses a file over 4 MiB without parsing it (library and CLI)", async () => {
    const file = join(dir, "huge.json");
    writeFileSync(file, `{"version": 1, "name": "${"x".repeat(5 * 1024 * 1024)}"}`);
    await expect(loadOrgFile(file)).rejects.toThrow(/the file is larger than 4,194,304 bytes/);
    const r = await cli(["audit", "--org", "huge.json"], { cwd: dir, ...recordingAudit() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /huge\.json is not a valid organisation description \(1 problem\):\n {2}\$: the file is larger than 4,194,304 bytes/,
    );
  });

  it("refuses YAML over 2 MiB, an alias bomb, and nesting deep enough to stall the parser", async () => {
    const cases: [string, string, RegExp][] = [
      ["big.yaml", `version: 1\nname: "${"x".repeat(2_200_000)}"\n`, /longer than 2,097,152 characters/],
      [
        "bomb.yaml",
        [
          "a0: &a0 [x, x, x, x, x, x, x, x, x, x]",
          ...Array.from({ length: 11 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(", ")}]`),
        ].join("\n"),
        /invalid YAML: Excessive alias count/,
      ],
      ["deep.yaml", "[".repeat(2_000_000), /more than 64 nested flow collections/],
      ["compact.yaml", "a: ".repeat(600_000), /more than 64 nested block indicators/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      const r = await cli(["audit", "--org", name], { cwd: dir, ...recordingAudit() });
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
    }
  });

  it("refuses 1.2 million domains by size, and 20,000 by count, as one problem each", async () => {
    const entry = '{"name":"d0000000.example"},';
    writeFileSync(
      join(dir, "million.json"),
      `{"version":1,"paths":[],"domains":[${entry.repeat(1_200_000)}{"name":"x.example"}]}`,
    );
    const big = await readOrgFile(join(dir, "million.json"));
    expect(big).toMatchObject({ ok: false, problems: [{ message: "the file is larger than 4,194,304 bytes" }] });
    const many = {
      version: 1,
      domains: Array.from({ length: 20_000 }, (_, i) => ({ name: `d${i}.example` })),
      paths: [],
    };
    writeFileSync(join(dir, "many.json"), JSON.stringify(many));
    await expect(loadOrgFile(join(dir, "many.json"))).rejects.toThrow(
      "organisation description " +
        join(dir, "many.json") +
        " is invalid:\n  - $.domains: lists 20,000 domains; at most 10,000 are read",
    );
  });

  it("lists the first 20 problems and counts the rest", async () => {
    const bad = { version: 1, domains: Array.from({ length: 2_000 }, (_, i) => ({ name: `bad_${i}!` })), paths: [] };
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(bad));
    const error = await loadOrgFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrgError);
    expect((error as OrgError).problems).toHaveLength(2_000);
    const lines = (error as OrgError).message.split("\n");
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe("  - ... and 1,980 more");
    const { audit } = await import("../../src/audit/api.ts");
    const r = await cli(["audit", "--org", "bad.json", "--resolver", "fixture:dns.json"], { cwd: dir, audit });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").at(-2)).toBe("  ... and 1,980 more");
  });

  it.each([
    ["UTF-8 with a byte-order mark", (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])],
    ["UTF-16 LE with a byte-order mark", (t: string) => utf16(t, "le", true)],
    ["UTF-16 BE with a byte-order mark", (t: string) => utf16(t, "be", true)],
    ["UTF-16 LE without one", (t: string) => utf16(t, "le", false)],
  ])("reads an organisation file in %s (library and CLI alike)", async (_name, encode) => {
    writeFileSync(join(dir, "enc.json"), encode(contoso()));
    const expected = JSON.parse(contoso()) as unknown;
    expect(await loadOrgFile(join(dir, "enc.json"))).toEqual(expected);
    const { audit, calls } = recordingAudit();
    const r = await cli(["audit", "--org", "enc.json", "--resolver", "fixture:dns.json"], { cwd: dir, audit });
    expect(r.stderr).toBe("");
    expect(calls[0]).toEqual(expected);
  });

  it("reads catalog and fixture files in UTF-16 and with a byte-order mark", async () => {
    writeFileSync(join(dir, "catalog.json"), utf16("[]", "le", true));
    const fixture = readFileSync(join(dir, "dns.json"), "utf8");
    writeFileSync(join(dir, "dns16.json"), utf16(fixture, "be", true));
    writeFileSync(join(dir, "dnsbom.json"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixture)]));
    const plain = await FixtureResolver.fromFile(join(dir, "dns.json"));
    expect((await FixtureResolver.fromFile(join(dir, "dns16.json"))).fixture).toEqual(plain.fixture);
    expect((await FixtureResolver.fromFile(join(dir, "dnsbom.json"))).fixture).toEqual(plain.fixture);
    const { audit, calls } = recordingAudit();
    const r = await cli(
      ["audit", "--org", "org.json", "--catalog", "catalog.json", "--resolver", "fixture:dns16.json"],
      {
        cwd: dir,
        audit,
      },
    );
    expect(r.stderr).toBe("");
    expect(calls).toHaveLength(1);
  });

  it("refuses binary files with a message that says what they are", async () => {
    writeFileSync(join(dir, "org.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    writeFileSync(join(dir, "nul.json"), Buffer.from('{"version": 1,\u0000\u0001\u0002}'));
    const png = await cli(["audit", "--org", "org.png"], { cwd: dir, ...recordingAudit() });
    expect(png.stderr).toMatch(/\$: the file is a PNG image, not text/);
    const nul = await cli(["audit", "--org", "org.json", "--catalog", "nul.json"], { cwd: dir, ...recordingAudit() });
    expect(nul.code).toBe(2);
    expect(nul.stderr).toMatch(/^error: nul\.json looks like binary data, not text \(control character U\+0000/);
    await expect(FixtureResolver.fromFile(join(dir, "org.png"))).rejects.toThrow(/the file is a PNG image, not text/);
    rmSync(join(dir, "org.png"));
  });
});

describe("spf-multiple-records is linear in the number of domains", () => {
  it("reads each domain's analysis findings a bounded number of times (it read them N² times)", () => {
    let reads = 0;
    const n = 300;
    const domains = Array.from({ length: n }, (_, i) => {
      const findings = [
        {
          code: "multiple-records",
          severity: "error",
          message: "two records",
          domain: `inc${i}.example`,
          path: [`d${i}.example`, `inc${i}.example`],
          rfc: "RFC 7208 §4.5",
        },
      ];
      return {
        domain: `d${i}.example`,
        spf: {
          selection: { status: "found", record: "v=spf1 -all" },
          answer: { name: `d${i}.example`, type: "TXT", status: "ok", records: [], ttl: 300, cnameChain: [] },
          analysis: {
            get findings() {
              reads++;
              return findings;
            },
            dns: [],
          },
        },
      };
    });
    const reported: string[] = [];
    spfMultipleRecords.check({
      facts: { domains, paths: [] } as unknown as AuditFacts,
      report: (r) => reported.push(r.domain),
    });
    expect(reported).toHaveLength(n);
    expect(reads).toBeLessThanOrEqual(2 * n);
  });
});
