import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsErrorCause, DnsStatus } from "../../src/dns/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { type HostileServer, startHostileServer } from "../helpers/hostile-dns.ts";

describe("DnsResolver against a misbehaving server", () => {
  let server: HostileServer;
  let resolver: DnsResolver;
  beforeAll(async () => {
    server = await startHostileServer();
    // 1 s: short enough for the table's timeouts, long enough for good answers on a loaded machine.
    resolver = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 1000, attempts: 1 });
  });
  afterAll(async () => server?.stop());

  const table: [label: string, status: DnsStatus, detail: RegExp, cause?: DnsErrorCause][] = [
    ["good", "ok", /.^/],
    ["wrongid", "timeout", /ignored 1 unacceptable reply: reply ID \d+ does not match/],
    ["wrongq", "timeout", /reply is for another name \(evil\.example\)/],
    ["wrongtype", "timeout", /reply is for another type \(A\)/],
    ["qr0", "timeout", /QR=0/],
    ["wrongport", "timeout", /not the server/],
    ["garbage", "timeout", /undecodable reply/],
    ["cut", "timeout", /undecodable reply/],
    ["ptrloop", "timeout", /undecodable reply \(Cannot decode name \(bad pointer\)\)/],
    ["silent", "timeout", /no answer within 1000 ms$/],
    ["servfail", "servfail", /SERVFAIL from udp:\/\/127\.0\.0\.1/],
    ["refused", "refused", /REFUSED/],
    ["notimp", "error", /NOTIMP/, "rcode"],
    ["formerr", "error", /FORMERR/, "rcode"],
    ["nosuch", "nxdomain", /NXDOMAIN/],
  ];

  it.each(table)("%s → %s, never an exception or a hang", async (label, status, detail, cause) => {
    const started = performance.now();
    const answer = await resolver.resolve(`${label}.hostile.example`, "TXT");
    expect(answer.status).toBe(status);
    expect(answer.cause).toBe(cause);
    if (status === "ok") expect(answer.records).toEqual([[`hello from ${label}`]]);
    else expect(answer.detail).toMatch(detail);
    // Never a hang: the answer comes within a few timeouts (a loose bound, not a timing test).
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("keeps waiting after a spoofed reply and accepts the real one", async () => {
    // A generous timeout: what is tested is that the spoofed reply does not end the wait.
    const patient = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 5_000, attempts: 1 });
    const answer = await patient.resolve("spoofthengood.hostile.example", "TXT");
    expect(answer.status).toBe("ok");
    expect(answer.records).toEqual([["hello from spoofthengood"]]);
  });

  it("retries a truncated UDP answer over TCP", async () => {
    const answer = await resolver.resolve("tc.hostile.example", "TXT");
    expect(answer.status).toBe("ok");
    expect(answer.records[0]?.join("").length).toBe(610);
    expect(server.seen).toContain("tcp:tc");
  });

  it("gives a typed error for garbage over TCP", async () => {
    const answer = await resolver.resolve("tcgarbage.hostile.example", "TXT");
    expect(answer.status).toBe("error");
    expect(answer.cause).toBe("malformed");
    expect(answer.detail).toMatch(
      /tcp:\/\/127\.0\.0\.1:\d+: connection closed \(ignored 1 unacceptable reply: undecodable reply/,
    );
  });

  it("retries without EDNS0 after FORMERR", async () => {
    const answer = await resolver.resolve("ednsformerr.hostile.example", "TXT");
    expect(answer.status).toBe("ok");
  });

  it("retries a timeout the configured number of attempts, then says timeout", async () => {
    const retrying = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 100, attempts: 3 });
    const before = server.seen.filter((l) => l === "silent").length;
    const answer = await retrying.resolve("silent.hostile.example", "TXT");
    expect(answer.status).toBe("timeout");
    expect(server.seen.filter((l) => l === "silent").length - before).toBe(3);
  });

  it("honours an abort signal mid-question", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 50);
    const started = performance.now();
    const answer = await resolver.resolve("silent.hostile.example", "TXT", { signal: controller.signal });
    expect(answer).toMatchObject({ status: "error", cause: "aborted", detail: "aborted: stop" });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("refuses names that cannot be sent, without asking", async () => {
    const answer = await resolver.resolve(`${"a".repeat(64)}.example`, "TXT");
    expect(answer).toMatchObject({ status: "error", cause: "invalid-name" });
    expect(answer.detail).toMatch(/label longer than 63/);
  });

  it("reports a connection error when nothing listens over TCP", async () => {
    const tcp = new DnsResolver({ servers: ["127.0.0.1:9"], tcpOnly: true, timeoutMs: 500, attempts: 1 });
    const answer = await tcp.resolve("good.hostile.example", "TXT");
    expect(answer).toMatchObject({ status: "error", cause: "transport" });
    expect(answer.detail).toMatch(/ECONNREFUSED/);
  });

  it("counts a UDP flood of unacceptable replies instead of keeping each (three distinct reasons at most)", async () => {
    // Long enough for a loaded machine to read the flood; what is tested is the count and the size.
    const patient = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 3_000, attempts: 1 });
    const answer = await patient.resolve("flood.hostile.example", "TXT");
    expect(answer.status).toBe("timeout");
    const count = Number(/ignored (\d+) unacceptable replies/.exec(answer.detail ?? "")?.[1]);
    expect(count).toBeGreaterThan(100);
    expect(answer.detail?.length).toBeLessThan(300);
  });

  it("counts a TCP flood of unacceptable replies: one short error, cause malformed (issue 18 §1)", async () => {
    // A generous timeout: 2,000 replies take a while on a loaded machine; what is tested is the count.
    const patient = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 10_000, attempts: 1 });
    const answer = await patient.resolve("tcpflood.hostile.example", "TXT");
    expect(answer).toMatchObject({ status: "error", cause: "malformed" });
    expect(answer.detail).toMatch(
      /connection closed \(ignored 2000 unacceptable replies: reply ID \d+ does not match query ID \d+\)/,
    );
    expect(answer.detail?.length).toBeLessThan(300);
  });

  it("follows a CNAME chain of 8 inside one reply and refuses a longer one with SERVFAIL", async () => {
    const eight = await resolver.resolve("chain8.hostile.example", "TXT");
    expect(eight).toMatchObject({ status: "ok", records: [["end of chain"]] });
    expect(eight.cnameChain).toHaveLength(8);
    const twelve = await resolver.resolve("chain12.hostile.example", "TXT");
    expect(twelve.status).toBe("servfail");
    expect(twelve.detail).toMatch(/CNAME chain longer than 8/);
    expect(twelve.cnameChain).toHaveLength(9);
  });

  it("reads the AD bit only when asked (dnssec), and sets AD and DO in its query", async () => {
    const plain = await resolver.resolve("adbit.hostile.example", "TXT");
    expect(plain.authenticated).toBeUndefined();
    const asking = new DnsResolver({
      servers: [`127.0.0.1:${server.port}`],
      timeoutMs: 250,
      attempts: 1,
      dnssec: true,
    });
    expect((await asking.resolve("adbit.hostile.example", "TXT")).authenticated).toBe(true);
    expect((await asking.resolve("good.hostile.example", "TXT")).authenticated).toBe(false);
    // No reply at all: not authenticated.
    expect((await asking.resolve("silent.hostile.example", "TXT")).authenticated).toBe(false);
  });
});
