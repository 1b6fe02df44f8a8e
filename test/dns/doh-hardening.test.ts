import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDohUrl, DohResolver, type FetchLike } from "../../src/dns/doh.ts";
import type { DnsErrorCause, DnsStatus } from "../../src/dns/types.ts";
import { makeCertificate } from "../helpers/certs.ts";
import { type HostileDoh, startHostileDoh } from "../helpers/hostile-doh.ts";
import { hasBinary, requireBinary } from "../helpers/servers.ts";

describe("DohResolver against a misbehaving DoH server (issue 18 §1, issue 11 §6)", () => {
  let server: HostileDoh;
  beforeAll(async () => {
    server = await startHostileDoh();
  });
  afterAll(async () => server?.stop());

  const doh = (path: string, method: "GET" | "POST" = "GET") =>
    new DohResolver({ url: `${server.base}/${path}`, method, allowHttpLoopback: true, timeoutMs: 2000 });

  const table: [path: string, status: DnsStatus, cause: DnsErrorCause | undefined, detail: RegExp][] = [
    ["good", "ok", undefined, /^$/],
    // The mutation "DoH accepts any content-type" is killed here (RFC 8484 §6).
    ["wrongtype", "error", "malformed", /content-type "text\/plain", expected application\/dns-message/],
    ["notype", "error", "malformed", /content-type "", expected application\/dns-message/],
    ["biglength", "error", "malformed", /content-length 10000000 is larger than a DNS message/],
    ["stream", "error", "malformed", /reply larger than a DNS message/],
    ["redirect", "error", "transport", /HTTP 302: redirect refused/],
    ["status500", "error", "transport", /HTTP 500$/],
    ["wrongq", "error", "malformed", /reply is for another name \(evil\.example\)/],
  ];

  for (const method of ["GET", "POST"] as const) {
    it.each(table)(`${method} /%s → %s (%s)`, async (path, status, cause, detail) => {
      const answer = await doh(path, method).resolve("q.example", "TXT");
      expect(answer.status).toBe(status);
      expect(answer.cause).toBe(cause);
      if (status === "ok") expect(answer.records).toEqual([["hello"]]);
      else expect(answer.detail).toMatch(detail);
    });
  }

  it("never follows a redirect: the target is not asked", async () => {
    const before = server.hits.get("good") ?? 0;
    await doh("redirect").resolve("q.example", "TXT");
    expect(server.hits.get("good") ?? 0).toBe(before);
  });

  it("stops reading an endless body at the cap, without holding it", async () => {
    const start = server.written.bytes;
    const answer = await doh("stream").resolve("q.example", "TXT");
    expect(answer.cause).toBe("malformed");
    await new Promise((r) => setTimeout(r, 200));
    // The server could push only what the sockets buffer before the client hung up, not 50 MB.
    expect(server.written.bytes - start).toBeLessThan(10_000_000);
  });

  it("reads the AD bit when asked (dnssec)", async () => {
    const answer = await new DohResolver({ url: `${server.base}/good`, allowHttpLoopback: true, dnssec: true }).resolve(
      "q.example",
      "TXT",
    );
    expect(answer.authenticated).toBe(false);
  });
});

describe("DoH URLs: https only, http:// only by explicit opt-in for loopback", () => {
  const table: [url: string, allow: boolean, ok: boolean][] = [
    ["https://dns.example/dns-query", false, true],
    ["http://dns.example/dns-query", false, false],
    ["http://dns.example/dns-query", true, false],
    ["http://127.0.0.1:8053/dns-query", false, false],
    ["http://127.0.0.1:8053/dns-query", true, true],
    ["http://127.9.9.9/dns-query", true, true],
    ["http://[::1]:8053/dns-query", true, true],
    ["http://localhost:8053/dns-query", true, true],
    ["http://128.0.0.1/dns-query", true, false],
    ["ftp://dns.example/", true, false],
    ["not a url", true, false],
  ];
  it.each(table)("%s (opt-in %s) → accepted %s", (url, allow, ok) => {
    expect(checkDohUrl(url, allow).ok).toBe(ok);
    if (ok) expect(() => new DohResolver({ url, allowHttpLoopback: allow })).not.toThrow();
    else expect(() => new DohResolver({ url, allowHttpLoopback: allow })).toThrow(TypeError);
  });
});

describe("DohResolver with a custom fetch", () => {
  const reply = (headers: Record<string, string>, body: Uint8Array, status = 200) =>
    (async () => ({
      ok: status === 200,
      status,
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
      body: null,
      arrayBuffer: async () => body.slice().buffer,
    })) as FetchLike;

  it("asks fetch not to follow redirects, and refuses another media type and an oversized length", async () => {
    let init: Parameters<FetchLike>[1] | undefined;
    const spy: FetchLike = async (input, i) => {
      init = i;
      return reply({ "content-type": "text/html" }, new Uint8Array(10))(input, i);
    };
    const answer = await new DohResolver({ url: "https://dns.example/dns-query", fetch: spy }).resolve(
      "a.example",
      "A",
    );
    expect(init?.redirect).toBe("error");
    expect(answer).toMatchObject({ status: "error", cause: "malformed" });
    const big = await new DohResolver({
      url: "https://dns.example/dns-query",
      fetch: reply({ "content-type": "application/dns-message", "content-length": "70000" }, new Uint8Array(10)),
    }).resolve("a.example", "A");
    expect(big.detail).toMatch(/content-length 70000/);
    const moved = await new DohResolver({
      url: "https://dns.example/dns-query",
      fetch: reply({ location: "http://evil.example/" }, new Uint8Array(0), 301),
    }).resolve("a.example", "A");
    expect(moved).toMatchObject({ status: "error", cause: "transport" });
  });

  it("reads a streamed body with the cap", async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(4096);
      }
    }
    const streaming: FetchLike = async () => ({
      ok: true,
      status: 200,
      headers: { get: (name: string) => (name === "content-type" ? "application/dns-message" : null) },
      body: endless(),
      arrayBuffer: async () => new ArrayBuffer(0),
    });
    const answer = await new DohResolver({ url: "https://dns.example/dns-query", fetch: streaming }).resolve(
      "a.example",
      "A",
    );
    expect(answer).toMatchObject({ status: "error", cause: "malformed" });
    // 16 chunks of 4 KiB pass 65,535 octets: reading stops there.
    expect(pulled).toBe(16);
  });
});

const withTls = hasBinary("openssl") || requireBinary("openssl", "openssl");

describe.runIf(withTls)("DohResolver over HTTPS with a per-request CA (Node's https, no undici)", () => {
  let server: HostileDoh;
  let dir: string;
  let ca: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eaa-doh-"));
    const cert = makeCertificate(dir);
    ca = cert.certPem;
    server = await startHostileDoh({ key: cert.keyPem, cert: cert.certPem });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("trusts the given CA for this resolver only", async () => {
    const trusted = await new DohResolver({ url: `${server.base}/good`, ca }).resolve("q.example", "TXT");
    expect(trusted.status).toBe("ok");
    const untrusted = await new DohResolver({ url: `${server.base}/good` }).resolve("q.example", "TXT");
    expect(untrusted).toMatchObject({ status: "error", cause: "transport" });
    expect(untrusted.detail).toMatch(/self.signed|certificate/i);
  });

  it("refuses the wrong content type over HTTPS too", async () => {
    const answer = await new DohResolver({ url: `${server.base}/wrongtype`, ca }).resolve("q.example", "TXT");
    expect(answer).toMatchObject({ status: "error", cause: "malformed" });
  });
});
