/**
 * probeSmtp and probeHosts against real Postfix (Debian's postfix 3.7) on loopback ports, in the
 * configurations the rules care about, with certificates made by openssl for `mx.example.test`.
 * The probe connects to 127.0.0.1 and checks the certificate for the MX name.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeHosts, probeSmtp } from "../../src/transport/smtp/index.ts";
import type { SmtpProbeReport, SmtpProbeResult } from "../../src/transport/smtp/types.ts";
import {
  canRunPostfix,
  makeTestCertificates,
  type PostfixOptions,
  type RunningPostfix,
  startPostfix,
  type TestCertificates,
} from "../helpers/postfix.ts";

const MX = "mx.example.test";
const run = canRunPostfix();

type Config = "correct" | "noStarttls" | "expired" | "wrongName" | "authBeforeTls" | "openRelay" | "outdatedTls";

describe.runIf(run)("probeSmtp against private Postfix instances", () => {
  let certs: TestCertificates;
  let certDir = "";
  const servers = {} as Record<Config, RunningPostfix>;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), "eaa-smtp-certs-"));
    certs = makeTestCertificates(certDir, MX, 10);
    const configs: Record<Config, PostfixOptions> = {
      correct: { tls: certs.good, implicitTls: true },
      noStarttls: { tls: null },
      expired: { tls: certs.expired },
      wrongName: { tls: certs.wrongName },
      authBeforeTls: { tls: certs.good, authBeforeTls: true },
      openRelay: { tls: certs.good, openRelay: true },
      outdatedTls: { tls: certs.good, tlsProtocols: "<=TLSv1.1" },
    };
    // Several instances at once, each with its own config, queue and data folders.
    const started = await Promise.allSettled(
      Object.entries(configs).map(async ([name, options]) => {
        servers[name as Config] = await startPostfix(options);
      }),
    );
    const failed = started.find((s) => s.status === "rejected");
    if (failed?.status === "rejected") throw failed.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    if (certDir !== "") rmSync(certDir, { recursive: true, force: true });
  });

  async function probe(config: Config, options: Parameters<typeof probeSmtp>[1] = {}): Promise<SmtpProbeReport> {
    const result = await probeSmtp(MX, {
      address: "127.0.0.1",
      port: servers[config].port,
      ca: certs.caPem,
      ...options,
    });
    if (!result.ok) throw new Error(result.error);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    return result;
  }

  /** Postfix's own count of what each client did, from its `disconnect` log lines. */
  function commandsSeen(config: Config): string[] {
    return (
      servers[config]
        .log()
        .split("\n")
        // Only sessions that said EHLO: the helper's readiness check only sends QUIT.
        .filter((line) => line.includes("disconnect from") && line.includes(" ehlo="))
        .map((line) => line.replace(/^.*disconnect from \S+ /, ""))
    );
  }

  /** The disconnect lines logged after the first `before` (Postfix logs through postlogd, a little later). */
  async function newDisconnects(config: Config, before: number, expected = 1): Promise<string[]> {
    for (let i = 0; i < 50 && commandsSeen(config).length < before + expected; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 200)); // and no more than expected
    return commandsSeen(config).slice(before);
  }

  it("correct: STARTTLS, TLS 1.3, a valid certificate for the MX name, no AUTH in clear, relay refused, QUIT", async () => {
    const before = commandsSeen("correct").length;
    const r = await probe("correct");
    expect(r.banner).toMatchObject({ status: "ok", value: { accepted: true, domain: MX } });
    expect(r.starttls).toMatchObject({ status: "ok", value: { offered: true } });
    expect(r.authBeforeTls).toMatchObject({ status: "ok", value: { offered: false, mechanisms: [] } });
    expect(r.tls).toMatchObject({
      status: "ok",
      value: {
        protocol: "TLSv1.3",
        serverName: MX,
        chainTrusted: true,
        chainError: null,
        nameMatches: true,
        expired: false,
        valid: true,
      },
    });
    if (r.tls.status !== "ok") throw new Error("unreachable");
    expect(r.tls.value.daysToExpiry).toBeGreaterThanOrEqual(9);
    expect(r.tls.value.daysToExpiry).toBeLessThanOrEqual(10);
    // The chain's DER is the served certificate, byte for byte (what DANE TLSA matching needs).
    const served = new X509Certificate(readFileSync(certs.good.cert));
    const leaf = r.tls.value.chain[0];
    expect(Buffer.from(leaf?.der ?? "", "base64").equals(served.raw)).toBe(true);
    expect(leaf).toMatchObject({
      commonName: MX,
      dnsNames: [MX],
      issuer: "CN=eaa-test-CA",
      keyType: "ec",
      keyBits: 256,
    });
    expect(leaf?.pem).toBe(served.toString());
    expect(r.ehloAfterTls).toMatchObject({ status: "ok", value: { starttls: false } });
    expect(r.relay).toMatchObject({
      status: "ok",
      value: { verdict: "refused", overTls: true, connection: 1, rcpt: { code: 554, enhanced: "5.7.1" } },
    });
    expect(r.quit).toMatchObject({ status: "ok", value: { reply: { code: 221 } } });
    expect(await newDisconnects("correct", before)).toEqual([
      expect.stringMatching(/^ehlo=2 starttls=1 mail=1 rcpt=0\/1 quit=1 commands=5\/6$/),
    ]);
  });

  it("correct, without the test CA: the chain is not trusted by node's roots; the name still matches", async () => {
    const r = await probe("correct", { ca: undefined });
    expect(r.tls).toMatchObject({
      status: "ok",
      value: { chainTrusted: false, chainError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", nameMatches: true, valid: false },
    });
  });

  it("correct, probed under another name: the name does not match", async () => {
    const result = await probeSmtp("mail.example.test", {
      address: "127.0.0.1",
      port: servers.correct.port,
      ca: certs.caPem,
    });
    expect(result).toMatchObject({
      ok: true,
      tls: { status: "ok", value: { chainTrusted: true, nameMatches: false, valid: false } },
    });
  });

  it("correct, implicit TLS (as on port 465): TLS first, no STARTTLS step, no AUTH-in-clear step", async () => {
    const r = await probe("correct", { port: servers.correct.implicitPort ?? 0, tlsMode: "implicit" });
    expect(r.tlsMode).toBe("implicit");
    expect(r.tls).toMatchObject({ status: "ok", value: { valid: true } });
    expect(r.starttls).toEqual({ status: "skipped", reason: "implicit-tls" });
    expect(r.authBeforeTls).toEqual({ status: "skipped", reason: "implicit-tls" });
    expect(r.ehloAfterTls).toEqual({ status: "skipped", reason: "implicit-tls" });
    expect(r.ehlo).toMatchObject({ status: "ok" });
    expect(r.relay).toMatchObject({ status: "ok", value: { verdict: "refused", overTls: true } });
  });

  it("correct, implicit TLS on the STARTTLS port: the handshake fails, every later step is unknown (tls)", async () => {
    const r = await probe("correct", { tlsMode: "implicit", timeouts: { tls: 3000 } });
    expect(r.tls).toMatchObject({ status: "unknown", cause: "tls", step: "tls" });
    for (const step of [r.banner, r.ehlo, r.relay]) expect(step).toMatchObject({ status: "unknown", cause: "tls" });
  });

  it("no STARTTLS: offered false (known, not unknown); no TLS step; relay refused in clear", async () => {
    const r = await probe("noStarttls");
    expect(r.starttls).toEqual({ status: "ok", ms: expect.any(Number), value: { offered: false } });
    expect(r.tls).toEqual({ status: "skipped", reason: "starttls-not-offered" });
    expect(r.relay).toMatchObject({ status: "ok", value: { verdict: "refused", overTls: false } });
    expect(r.quit.status).toBe("ok");
  });

  it("expired certificate: handshake ok, CERT_HAS_EXPIRED, negative days to expiry", async () => {
    const r = await probe("expired");
    expect(r.tls).toMatchObject({
      status: "ok",
      value: { chainTrusted: false, chainError: "CERT_HAS_EXPIRED", expired: true, nameMatches: true, valid: false },
    });
    if (r.tls.status !== "ok") throw new Error("unreachable");
    expect(r.tls.value.daysToExpiry).toBeLessThan(-300);
    expect(r.tls.value.chain[0]?.validTo).toBe("2020-02-01T00:00:00.000Z");
    // A certificate problem is never reported as STARTTLS missing.
    expect(r.starttls).toMatchObject({ status: "ok", value: { offered: true } });
  });

  it("wrong name: trusted chain, name mismatch with node's reason", async () => {
    const r = await probe("wrongName");
    expect(r.tls).toMatchObject({ status: "ok", value: { chainTrusted: true, nameMatches: false, valid: false } });
    if (r.tls.status !== "ok") throw new Error("unreachable");
    expect(r.tls.value.nameError).toMatch(/mx\.example\.test/);
    expect(r.tls.value.chain[0]?.dnsNames).toEqual(["wrong.example.test"]);
  });

  it("AUTH before TLS (Cyrus SASL, smtpd_tls_auth_only = no): offered in clear with its mechanisms", async () => {
    const r = await probe("authBeforeTls");
    expect(r.authBeforeTls).toMatchObject({ status: "ok", value: { offered: true } });
    if (r.authBeforeTls.status !== "ok") throw new Error("unreachable");
    expect(r.authBeforeTls.value.mechanisms).toEqual(expect.arrayContaining(["PLAIN", "LOGIN"]));
    expect(r.transcript.some((line) => /^C: AUTH/i.test(line))).toBe(false);
  });

  it("open relay (mynetworks wide open): RCPT accepted, DATA never sent, QUIT sent", async () => {
    const before = commandsSeen("openRelay").length;
    const r = await probe("openRelay");
    expect(r.relay).toMatchObject({ status: "ok", value: { verdict: "accepted", rcpt: { code: 250 } } });
    expect(r.quit).toMatchObject({ status: "ok", value: { reply: { code: 221 } } });
    const [seen = ""] = await newDisconnects("openRelay", before);
    expect(seen).toMatch(/rcpt=1 quit=1/);
    expect(seen).not.toMatch(/data=|bdat=|auth=/);
  });

  it("outdated TLS (smtpd_tls_protocols <= TLSv1.1): the probe still completes and reports the old protocol", async () => {
    const r = await probe("outdatedTls");
    expect(r.tls).toMatchObject({ status: "ok", value: { valid: true } });
    if (r.tls.status !== "ok") throw new Error("unreachable");
    expect(["TLSv1", "TLSv1.1"]).toContain(r.tls.value.protocol);
  });

  it("probeHosts: bounded concurrency, each (host, port) once, results in input order", async () => {
    const targets = [
      { host: MX, port: servers.openRelay.port, address: "127.0.0.1" },
      { host: MX, port: servers.noStarttls.port, address: "127.0.0.1" },
      { host: "MX.example.test.", port: servers.openRelay.port, address: "127.0.0.1" }, // the same target
      { host: MX, port: servers.expired.port, address: "127.0.0.1" },
      { host: "bad host", port: 25 },
    ];
    const before = commandsSeen("openRelay").length;
    const results: SmtpProbeResult[] = await probeHosts(targets, { ca: certs.caPem, concurrency: 2 });
    expect(results.map((r) => r.port)).toEqual(targets.map((t) => t.port));
    expect(results[0]).toMatchObject({ ok: true, relay: { value: { verdict: "accepted" } } });
    expect(results[1]).toMatchObject({ ok: true, starttls: { value: { offered: false } } });
    expect(results[2]).toEqual(results[0]);
    expect(results[3]).toMatchObject({ ok: true, tls: { value: { expired: true } } });
    expect(results[4]).toMatchObject({ ok: false, error: expect.stringMatching(/host/) });
    expect(await newDisconnects("openRelay", before)).toHaveLength(1);
  });
});
