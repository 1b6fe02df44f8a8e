import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkDomainName, type DomainInput, readDomainList } from "../../src/bulk/domain-list.ts";

const dir = mkdtempSync(join(tmpdir(), "eaa-list-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `list-${n++}.txt`);
  writeFileSync(path, content);
  return path;
}

async function all(
  path: string,
  skip?: (d: string) => boolean,
): Promise<{ total: number; skipped: number; inputs: DomainInput[] }> {
  const read = await readDomainList(path, skip ? { skip } : {});
  if (!read.ok) throw new Error(read.error);
  const inputs: DomainInput[] = [];
  for await (const input of read.list) inputs.push(input);
  return { total: read.list.total, skipped: read.list.skipped, inputs };
}

describe("checkDomainName", () => {
  it.each([
    ["Example.COM.", { name: "example.com" }],
    ["bücher.example", { name: "xn--bcher-kva.example" }],
    ["192.0.2.1", { problem: "an IP address, not a domain name" }],
    ["123", { problem: "an IP address, not a domain name" }],
    ["1.2", { problem: "an IP address, not a domain name" }],
    ["a..example", { problem: "empty label (RFC 1035 §3.1)" }],
    ["a b.example", { problem: "not a domain name" }],
  ])("%j", (text, expected) => {
    expect(checkDomainName(text)).toEqual(expected);
  });
});

describe("readDomainList", () => {
  it("hands out each distinct name once, in file order, with line numbers and bad lines", async () => {
    const path = file(
      "# header\r\nb.example\r\n\r\na.example # note\nB.EXAMPLE\n#x.example\n10.0.0.1\n10.0.0.1\nc.example",
    );
    expect(await all(path)).toEqual({
      total: 4,
      skipped: 0,
      inputs: [
        { domain: "b.example", line: 2 },
        { domain: "a.example", line: 4 },
        { domain: "10.0.0.1", line: 7, problem: "an IP address, not a domain name" },
        { domain: "c.example", line: 9 },
      ],
    });
  });

  it("skips the names it is told to (a resumed run's done domains) and counts them", async () => {
    const path = file("a.example\nb.example\nc.example\n");
    const { total, skipped, inputs } = await all(path, (d) => d === "b.example");
    expect({ total, skipped, domains: inputs.map((i) => i.domain) }).toEqual({
      total: 2,
      skipped: 1,
      domains: ["a.example", "c.example"],
    });
  });

  it("reads a list larger than one read block, line breaks split across blocks", async () => {
    const names = Array.from({ length: 30_000 }, (_, i) => `domain-${i}.example`);
    const { total, inputs } = await all(file(names.join("\r\n")));
    expect(total).toBe(30_000);
    expect(inputs.map((i) => i.domain)).toEqual(names);
  });

  it.each([
    ["UTF-8 with a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a.example\nbücher.example\n")])],
    [
      "UTF-16 LE with a BOM",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a.example\r\nbücher.example\r\n", "utf16le")]),
    ],
    [
      "UTF-16 BE with a BOM",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("a.example\r\nbücher.example\r\n", "utf16le").swap16()]),
    ],
  ])("reads %s", async (_what, bytes) => {
    const { inputs } = await all(file(bytes));
    expect(inputs.map((i) => i.domain)).toEqual(["a.example", "xn--bcher-kva.example"]);
  });

  it.each([
    ["a NUL byte", Buffer.from("a.example\n\u0000b.example\n"), "it is not a text file (it contains NUL bytes)"],
    ["UTF-16 without a BOM", Buffer.from("a.example\n", "utf16le"), "it is not a text file (it contains NUL bytes)"],
    ["invalid UTF-8", Buffer.from([0x61, 0x2e, 0x65, 0x78, 0xff, 0xfe, 0x0a]), "it is not UTF-8 or UTF-16 text"],
    ["a line of 5,000 characters", Buffer.from(`${"a".repeat(5000)}\n`), "line 1 is longer than 4096 characters"],
  ])("refuses %s", async (_what, bytes, error) => {
    expect(await readDomainList(file(bytes))).toEqual({ ok: false, error });
  });

  it("refuses a missing file, a folder, and more names than allowed", async () => {
    expect(await readDomainList(join(dir, "none.txt"))).toEqual({ ok: false, error: "no such file" });
    expect(await readDomainList(dir)).toEqual({ ok: false, error: "is a folder" });
    expect(await readDomainList(file("a.example\nb.example\nc.example\n"), { maxDomains: 2 })).toEqual({
      ok: false,
      error: "it lists more than 2 domains; split it",
    });
  });

  it("never throws on random bytes: a list or a reason", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const read = await readDomainList(file(Buffer.from(bytes)));
        if (read.ok) for await (const input of read.list) expect(typeof input.domain).toBe("string");
        else expect(typeof read.error).toBe("string");
      }),
      { numRuns: 200 },
    );
  });
});
