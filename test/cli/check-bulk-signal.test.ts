/**
 * A bulk check stopped by Ctrl-C (SIGINT) keeps what it wrote as `FILE.partial`, exits 130 and
 * says how to continue; `--resume` then checks the rest: every domain exactly once. The real CLI
 * in a child process, against a loopback DNS server that answers slowly.
 */
import { spawn } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainResult } from "../../src/report/bulk-types.ts";

// The real executable: a bulk run starts again in a child process (bulk-heap.ts), so the SIGINT
// below reaches the launcher, which passes it on and ends with the child's code.
const MAIN = join(import.meta.dirname, "../../src/cli/bin.ts");
let dir: string;
let server: Socket;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "eaa-sigint-"));
  server = createSocket("udp4");
  server.on("message", (message, rinfo) => {
    const query = dnsPacket.decode(message);
    const q = query.questions?.[0];
    if (q === undefined) return;
    // Each domain's own TXT is an SPF record; everything else exists but is empty (NODATA).
    const apex = /^d\d+\.slow\.example$/.test(q.name) && q.type === "TXT";
    const reply = dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [q],
      answers: apex ? [{ type: "TXT", name: q.name, ttl: 300, data: ["v=spf1 -all"] }] : [],
    });
    setTimeout(() => server.send(reply, rinfo.port, rinfo.address), 30);
  });
  await new Promise<void>((resolve) => server.bind(0, "127.0.0.1", resolve));
  port = server.address().port;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ["--no-warnings", MAIN, ...args], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

const results = (file: string) =>
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as DomainResult);

describe("check --format jsonl stopped by SIGINT, then --resume", () => {
  it("keeps the finished results, exits 130, and the resumed run checks the rest exactly once", async () => {
    const domains = Array.from({ length: 40 }, (_, i) => `d${i}.slow.example`);
    writeFileSync(join(dir, "list.txt"), `${domains.join("\n")}\n`);
    const args = [
      "check",
      "--domains-file",
      "list.txt",
      "--resolver",
      `udp://127.0.0.1:${port}`,
      "-f",
      "jsonl",
      "-o",
      "out.jsonl",
      "--concurrency",
      "2",
    ];
    const first = runCli(args);
    // Wait for a few whole results, then press Ctrl-C.
    for (let i = 0; i < 600; i++) {
      const text = existsSync(join(dir, "out.jsonl.partial"))
        ? readFileSync(join(dir, "out.jsonl.partial"), "utf8")
        : "";
      if (text.split("\n").length > 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(130);
    expect(first.stderr()).toMatch(/stopped after \d+ domains? in /);
    expect(first.stderr()).toContain(
      "the results so far are in out.jsonl.partial: run the same command with --resume to continue",
    );
    expect(existsSync(join(dir, "out.jsonl"))).toBe(false);
    const kept = results("out.jsonl.partial");
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(40);
    expect(kept.every((r) => r.status === "checked")).toBe(true); // checks cut short are not written

    const second = runCli([...args, "--resume", "--concurrency", "8"]);
    expect(await second.exited).toBe(1); // findings: no DMARC record anywhere
    expect(second.stderr()).toContain(`checked 40 domains, ${kept.length} of them from the earlier run`);
    expect(second.stderr()).toMatch(/, 0 not checked;/);
    const all = results("out.jsonl");
    expect(all.map((r) => r.domain).sort()).toEqual([...domains].sort());
    expect(existsSync(join(dir, "out.jsonl.partial"))).toBe(false);
  }, 120_000);
});
