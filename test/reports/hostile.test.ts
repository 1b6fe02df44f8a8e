/** Hostile input: entity tricks, compression bombs, huge reports, deep nesting. */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGzip, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readAggregateReport as readStream } from "../../src/reports/aggregate.ts";
import { parseAggregateReport, readInputs } from "../../src/reports/index.ts";
import { reportXml } from "./helpers.ts";
import { zipOf } from "./zip-writer.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "eaa-reports-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports a file and returns each document's outcome: "ok:<records>" or the refusal reason. */
async function outcomes(bytes: Uint8Array, name: string, limits = {}): Promise<string[]> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const out: string[] = [];
  for await (const item of readInputs([path], { limits })) {
    if (item.type === "refused") {
      out.push(item.error.reason);
      continue;
    }
    const r = await readStream(item.source, { limits, onRecord: () => undefined });
    out.push(r.ok ? `ok:${r.recordCount}` : r.error.reason);
  }
  return out;
}

/** A gzip of `<feedback>` and `mib` MiB of spaces, compressed as a stream (never held whole). */
async function zerosGzip(mib: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gz.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => gz.on("end", r));
  const mebibyte = Buffer.alloc(1 << 20, 0x20);
  gz.write("<?xml version='1.0'?><feedback>");
  for (let i = 0; i < mib; i++) if (!gz.write(mebibyte)) await new Promise((r) => gz.once("drain", r));
  gz.end();
  await done;
  return Buffer.concat(chunks);
}

describe("entities and DTDs", () => {
  it("refuses XXE without reading the file", () => {
    const text = `<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${reportXml(1)
      .replace(/^<\?xml[^>]*>/, "")
      .replace("receiver.example</org_name>", "&xxe;</org_name>")}`;
    const r = parseAggregateReport(Buffer.from(text));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe("dtd-forbidden");
      expect(r.error.message).not.toContain("root:");
    }
  });

  it("refuses a billion laughs", () => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const r = parseAggregateReport(
      Buffer.from(`<?xml version="1.0"?><!DOCTYPE feedback [${dtd}]><feedback>&lol9;</feedback>`),
    );
    expect(r.ok ? "ok" : r.error.reason).toBe("dtd-forbidden");
  });

  it("does not expand an undeclared entity", () => {
    const r = parseAggregateReport(
      Buffer.from(reportXml(1).replace("receiver.example</org_name>", "&lol;</org_name>")),
    );
    expect(r.ok ? "ok" : r.error.reason).toBe("malformed-xml");
  });
});

describe("compression bombs", () => {
  it("refuses a gzip bomb on its ratio", async () => {
    expect(await outcomes(await zerosGzip(64), "bomb.xml.gz")).toEqual(["ratio-exceeded"]);
  });

  it("refuses a gzip bomb on its size when the ratio is allowed", async () => {
    expect(await outcomes(await zerosGzip(16), "bomb2.gz", { maxRatio: 1e9, maxDocumentBytes: 4 << 20 })).toEqual([
      "too-large",
    ]);
  });

  it("refuses nested gzip (a gzip of a gzip bomb)", async () => {
    expect(await outcomes(gzipSync(await zerosGzip(64)), "nested.gz.gz")).toEqual(["ratio-exceeded"]);
  });

  it("refuses a zip entry declaring a bomb before inflating it", async () => {
    const zip = zipOf([{ name: "r.xml", data: Buffer.alloc(32 << 20, 0x20) }]);
    expect(await outcomes(zip, "bomb.zip")).toEqual(["ratio-exceeded"]);
  });

  it("refuses a zip entry that lies about its size", async () => {
    const zip = zipOf([
      {
        name: "r.xml",
        data: Buffer.concat([Buffer.from("<feedback>"), Buffer.alloc(32 << 20, 0x20)]),
        declaredSize: 1000,
      },
    ]);
    const result = await outcomes(zip, "liar.zip");
    expect(result.length).toBe(1);
    expect(["ratio-exceeded", "bad-archive", "bad-compression", "too-large"]).toContain(result[0]);
  });

  it("refuses an archive with too many files, after the first ones", async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({
      name: `r${i}.xml`,
      data: Buffer.from(reportXml(1, { reportId: `r${i}` })),
    }));
    const result = await outcomes(zipOf(entries), "many.zip", { maxEntries: 20 });
    expect(result.filter((r) => r === "ok:1").length).toBe(20);
    expect(result.at(-1)).toBe("too-many-files");
  });

  it("reads nested compression up to maxDepth, refuses deeper", async () => {
    let bytes: Buffer = Buffer.from(reportXml(2));
    for (let i = 0; i < 4; i++) bytes = gzipSync(bytes);
    expect(await outcomes(bytes, "four.gz")).toEqual(["ok:2"]);
    expect(await outcomes(gzipSync(bytes), "five.gz")).toEqual(["too-deep"]);
    const zipped = zipOf([{ name: "inner.xml.gz", data: gzipSync(Buffer.from(reportXml(3))) }]);
    expect(await outcomes(zipped, "zip-of-gz.zip")).toEqual(["ok:3"]);
  });

  it("refuses corrupt gzip data", async () => {
    const good = gzipSync(Buffer.from(reportXml(50)));
    const bad = Buffer.concat([good.subarray(0, 40), Buffer.alloc(40, 0xff), good.subarray(80)]);
    const result = await outcomes(bad, "corrupt.gz");
    expect(["bad-compression", "malformed-xml"]).toContain(result[0]);
  });
});

describe("size", () => {
  it("streams 100 MB of records in a 64 MB heap", () => {
    const child = spawnSync(
      process.execPath,
      ["--no-warnings", "--max-old-space-size=64", join(here, "stream-child.ts"), "100"],
      { encoding: "utf8", timeout: 180_000 },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout) as {
      ok: boolean;
      recordCount: number;
      seen: number;
      generated: number;
      produced: number;
    };
    expect(out.ok).toBe(true);
    expect(out.produced).toBeGreaterThanOrEqual(100 * 1024 * 1024);
    expect(out.recordCount).toBe(out.generated);
    expect(out.seen).toBe(out.generated);
  }, 200_000);

  it("refuses a file tree past maxFiles", async () => {
    const tree = mkdtempSync(join(dir, "tree-"));
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, `r${i}.xml`), reportXml(1, { reportId: `t${i}` }));
    const reasons: string[] = [];
    for await (const item of readInputs([tree], { limits: { maxFiles: 3 } })) {
      if (item.type === "refused") reasons.push(item.error.reason);
      else {
        for await (const _ of item.source) {
          // drain
        }
        reasons.push("document");
      }
    }
    expect(reasons).toEqual(["document", "document", "document", "too-many-files"]);
  });
});
