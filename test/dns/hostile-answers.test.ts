import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsStatus } from "../../src/dns/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { type HostileServer, startHostileServer } from "../helpers/hostile-dns.ts";

describe("DnsResolver against a misbehaving server", () => {
  let server: HostileServer;
  let resolver: DnsResolver;
  beforeAll(async () => {
    server = await startHostileServer();
    resolver = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 250, attempts: 1 });
  });
  afterAll(async () => server?.stop());

  const table: [label: string, status: DnsStatus, detail: RegExp][] = [
    ["good", "ok", /.^/],
    ["wrongid", "timeout", /ignored 1 unacceptable replies: reply ID \d+ does not match/],
    ["wrongq", "timeout", /reply is for another name \(evil\.example\)/],
    ["wrongtype", "timeout", /reply is for another type \(A\)/],
    ["qr0", "timeout", /QR=0/],
    ["wrongport", "timeout", /not the server/],
    ["garbage", "timeout", /undecodable reply/],
    ["cut", "timeout", /undecodable reply/],
    ["ptrloop", "timeout", /undecodable reply \(Cannot decode name \(bad pointer\)\)/],
    ["silent", "timeout", /no answer within 250 ms$/],
    ["servfail", "servfail", /SERVFAIL from udp:\/\/127\.0\.0\.1/],
    ["refused", "refused", /REFUSED/],
    ["notimp", "error", /NOTIMP/],
    ["formerr", "error", /FORMERR/],
    ["nosuch", "nxdomain", /NXDOMAIN/],
  ];

  it.each(table)("%s → %s, never an exception or a hang", async (label, status, detail) => {
    const started = performance.now();
    const answer = await resolver.resolve(`${label}.hostile.example`, "TXT");
    expect(answer.status).toBe(status);
    if (status === "ok") expect(answer.records).toEqual([[`hello from ${label}`]]);
    else expect(answer.detail).toMatch(detail);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("keeps waiting after a spoofed reply and accepts the real one", async () => {
    const answer = await resolver.resolve("spoofthengood.hostile.example", "TXT");
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
    expect(answer.detail).toMatch(/tcp:\/\/127\.0\.0\.1:\d+: connection closed; ignored: undecodable reply/);
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
    expect(answer).toMatchObject({ status: "error", detail: "aborted: stop" });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("refuses names that cannot be sent, without asking", async () => {
    const answer = await resolver.resolve(`${"a".repeat(64)}.example`, "TXT");
    expect(answer.status).toBe("error");
    expect(answer.detail).toMatch(/label longer than 63/);
  });

  it("reports a connection error when nothing listens over TCP", async () => {
    const tcp = new DnsResolver({ servers: ["127.0.0.1:9"], tcpOnly: true, timeoutMs: 500, attempts: 1 });
    const answer = await tcp.resolve("good.hostile.example", "TXT");
    expect(answer.status).toBe("error");
    expect(answer.detail).toMatch(/ECONNREFUSED/);
  });
});
