/**
 * The recorded-HTTPS fixture: validation (tables, and random input never throws), replay through
 * fetchResource (status, redirect, size cap, recorded failures, unrecorded URLs unknown), recording
 * and replaying give the same answers, documentation addresses are never contacted, and which
 * fetch failures count as definite.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { fetchState } from "../../src/facts/transport.ts";
import type { FetchResult } from "../../src/transport/fetch-resource.ts";
import { httpsGet, isDocumentationAddress } from "../../src/transport/https-fetch.ts";
import {
  fetchResource,
  fixtureFetch,
  type HttpsFixture,
  offlineFetch,
  probeSmtp,
  readHttpsFixture,
  recordHttps,
  requestUrl,
} from "../../src/transport/index.ts";

const resolver = new FixtureResolver({
  version: 1,
  records: {
    "mta-sts.example.com": { A: ["192.0.2.80"] },
    "mta-sts.example.net": { A: ["192.0.2.81"] },
  },
});

const fixture: HttpsFixture = {
  version: 1,
  responses: {
    "https://mta-sts.example.com/.well-known/mta-sts.txt": {
      status: 200,
      contentType: "text/plain",
      lines: ["version: STSv1", "mode: none", "max_age: 86400"],
    },
    "https://mta-sts.example.com/big": { status: 200, body: "x".repeat(100) },
    "https://mta-sts.example.com/moved": { status: 301, location: "https://elsewhere.example/" },
    "https://MTA-STS.example.net:8443/x": { failure: "certificate", message: "self-signed certificate" },
  },
};

describe("readHttpsFixture", () => {
  it("accepts a fixture", () => {
    expect(readHttpsFixture(fixture)).toEqual({ ok: true, fixture });
  });

  it.each([
    [{ version: 2, responses: {} }, "$.version"],
    [{ version: 1 }, "$"],
    [{ version: 1, responses: { "http://x.example/": { status: 200 } } }, "$.responses"],
    [
      { version: 1, responses: { "https://x.example/": { status: 200, failure: "tls" } } },
      '$.responses["https://x.example/"]',
    ],
    [{ version: 1, responses: { "https://x.example/": { status: 99 } } }, '$.responses["https://x.example/"].status'],
    [
      { version: 1, responses: { "https://x.example/": { failure: "dns" } } },
      '$.responses["https://x.example/"].failure',
    ],
    [{ version: 1, responses: {}, extra: true }, "$"],
  ])("refuses %j (problem at %s)", (value, path) => {
    const read = readHttpsFixture(value);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => p.path)).toContain(path);
  });

  it("never throws on random input", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const read = readHttpsFixture(value);
        expect(typeof read.ok).toBe("boolean");
      }),
    );
  });
});

describe("fixtureFetch through fetchResource", () => {
  const fetch = fixtureFetch(fixture);
  const get = (host: string, path: string, options: { port?: number; max?: number } = {}) =>
    fetchResource(resolver, host, path, options.max ?? 65536, {
      fetch,
      ...(options.port ? { port: options.port } : {}),
    });

  it("replays a policy, its lines joined with CRLF", async () => {
    const r = await get("mta-sts.example.com", "/.well-known/mta-sts.txt");
    expect(r).toMatchObject({
      outcome: "ok",
      httpStatus: 200,
      contentType: "text/plain",
      body: "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n",
      address: "192.0.2.80",
    });
  });

  it("replays a redirect as a definite failure", async () => {
    const r = await get("mta-sts.example.com", "/moved");
    expect(r).toMatchObject({ outcome: "failed", failure: "redirect", location: "https://elsewhere.example/" });
    expect(fetchState(r)).toBe("failed");
  });

  it("applies the size cap to a recorded body", async () => {
    expect(await get("mta-sts.example.com", "/big", { max: 10 })).toMatchObject({
      outcome: "failed",
      failure: "too-large",
    });
  });

  it("replays a recorded failure, the URL matched case-insensitively on the host with its port", async () => {
    const r = await get("mta-sts.example.net", "/x", { port: 8443 });
    expect(r).toMatchObject({ outcome: "failed", failure: "certificate", detail: "self-signed certificate" });
  });

  it("answers an unrecorded URL as unknown (unavailable), never as a failure of the server", async () => {
    const r = await get("mta-sts.example.com", "/other");
    expect(r).toMatchObject({ outcome: "unknown", failure: "unavailable" });
    expect(fetchState(r)).toBe("unknown");
    expect(await fetchResource(resolver, "mta-sts.example.com", "/", 100, { fetch: offlineFetch })).toMatchObject({
      outcome: "unknown",
      failure: "unavailable",
    });
  });
});

describe("recordHttps", () => {
  it("records what it fetched; replaying the recording gives the same results", async () => {
    const recorder = recordHttps(fixtureFetch(fixture));
    const paths = ["/.well-known/mta-sts.txt", "/moved", "/big", "/other"];
    const first = await Promise.all(
      paths.map((p) => fetchResource(resolver, "mta-sts.example.com", p, 50, { fetch: recorder.fetch })),
    );
    const recorded = recorder.toFixture("test", new Date("2026-11-23T09:00:00Z"));
    expect(readHttpsFixture(recorded).ok).toBe(true);
    expect(Object.keys(recorded.responses)).toEqual([
      "https://mta-sts.example.com/.well-known/mta-sts.txt",
      "https://mta-sts.example.com/big",
      "https://mta-sts.example.com/moved",
    ]);
    const again = await Promise.all(
      paths.map((p) => fetchResource(resolver, "mta-sts.example.com", p, 50, { fetch: fixtureFetch(recorded) })),
    );
    const shape = (r: FetchResult) => [r.outcome, r.failure, r.httpStatus, r.body, r.location];
    expect(again.map(shape)).toEqual(first.map(shape));
  });
});

describe("documentation addresses are never contacted", () => {
  it.each([
    ["192.0.2.1", true],
    ["198.51.100.7", true],
    ["203.0.113.80", true],
    ["2001:db8::25", true],
    ["127.0.0.1", false],
    ["8.8.8.8", false],
    ["2001:4860::8888", false],
    ["not an address", false],
  ])("%s → %s", (address, expected) => {
    expect(isDocumentationAddress(address)).toBe(expected);
  });

  it("httpsGet answers unavailable at once, without a connection", async () => {
    const started = Date.now();
    const r = await httpsGet({
      host: "mta-sts.example.com",
      address: "203.0.113.80",
      port: 443,
      path: "/",
      timeoutMs: 60_000,
      maxBytes: 10,
    });
    expect(r).toMatchObject({ ok: false, kind: "unavailable" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("probeSmtp never contacts a documentation address either", () => {
  it.each([
    ["mx.example.com", { address: "203.0.113.25" }],
    ["192.0.2.7", {}],
    ["mx.example.com", { address: "2001:db8::25", port: 587 }],
  ])("%s %j → refused as input, nothing sent", async (host, options) => {
    const r = await probeSmtp(host, options);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok)
      expect(r.error).toMatch(
        /is a documentation address \(RFC 5737, RFC 3849\), never routed on the Internet: not contacted$/,
      );
  });
});

describe("fetchState", () => {
  const base: FetchResult = { url: "https://h/", host: "h", port: 443, outcome: "failed", detail: "", dns: [] };
  it.each([
    [{ outcome: "ok" }, "ok"],
    [{ outcome: "unknown" }, "unknown"],
    [{ failure: "timeout" }, "unknown"],
    [{ failure: "aborted" }, "unknown"],
    [{ failure: "unavailable" }, "unknown"],
    [{ failure: "connect", errorCode: "ENETUNREACH" }, "unknown"],
    [{ failure: "connect", errorCode: "ECONNREFUSED" }, "failed"],
    [{ failure: "host-not-found" }, "failed"],
    [{ failure: "certificate" }, "failed"],
    [{ failure: "content-type" }, "failed"],
  ] as const)("%j → %s", (over, state) => {
    expect(fetchState({ ...base, ...over } as FetchResult)).toBe(state);
  });

  it("requestUrl leaves the default port out", () => {
    expect(requestUrl({ host: "A.example.", port: 443, path: "/p" })).toBe("https://a.example/p");
    expect(requestUrl({ host: "a.example", port: 8443, path: "/p" })).toBe("https://a.example:8443/p");
  });
});
