/**
 * Canned inputs for the transport rules' tables: an HTTPS fixture in place of the network, and
 * SMTP probe results in place of probes (a healthy report, changed per case).
 */
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditOptions } from "../../src/audit/api.ts";
import type { ProbeFunction, ProbeOptions } from "../../src/facts/probes.ts";
import { fixtureFetch, type HttpsFixtureResponse } from "../../src/transport/https-fixture.ts";
import type { CertificateInfo, SmtpProbeReport, SmtpReply } from "../../src/transport/smtp/types.ts";

const PEM = readFileSync(join(import.meta.dirname, "../../fixtures/transport/certs/mx.example.com.pem"), "utf8");
const CERT = new X509Certificate(PEM);

/** `3 1 1` data of the canned leaf (the SHA-256 of its public key). */
export const LEAF_SPKI_SHA256 = createHash("sha256")
  .update(CERT.publicKey.export({ type: "spki", format: "der" }))
  .digest("hex");

/** The policy URL of a domain. */
export const policyUrl = (domain: string) => `https://mta-sts.${domain}/.well-known/mta-sts.txt`;

/** Options that answer HTTPS from these responses (anything else is `unavailable`). */
export function https(responses: Record<string, HttpsFixtureResponse>): Pick<AuditOptions, "transport"> {
  return { transport: { https: { fetch: fixtureFetch({ version: 1, responses }) } } };
}

/** A policy response: status 200, `text/plain`, these lines. */
export function policy(lines: string[], contentType = "text/plain"): HttpsFixtureResponse {
  return { status: 200, contentType, lines };
}

const reply = (code: number, ...lines: string[]): SmtpReply => ({ code, enhanced: null, lines });

function leaf(): CertificateInfo {
  return {
    der: CERT.raw.toString("base64"),
    pem: PEM,
    subject: CERT.subject.replaceAll("\n", ", "),
    commonName: "mx.example.com",
    dnsNames: ["mx.example.com"],
    ipAddresses: [],
    issuer: CERT.issuer.replaceAll("\n", ", "),
    validFrom: new Date(CERT.validFrom).toISOString(),
    validTo: "2027-06-11T09:00:00.000Z",
    serialNumber: CERT.serialNumber,
    fingerprint256: CERT.fingerprint256,
    selfSigned: false,
    ca: false,
    keyType: "ec",
    keyBits: 256,
  };
}

/** A probe of a healthy server: STARTTLS, TLS 1.3, a valid certificate for 200 days, no AUTH in clear, relay refused. */
export function healthy(host: string, port = 25, address: string | null = "192.0.2.25"): SmtpProbeReport {
  const ok = <T>(value: T) => ({ status: "ok" as const, ms: 1, value });
  const ehlo = (starttls: boolean, auth: string[]) =>
    ok({
      reply: reply(
        250,
        host,
        "PIPELINING",
        ...(starttls ? ["STARTTLS"] : []),
        ...(auth.length > 0 ? [`AUTH ${auth.join(" ")}`] : []),
      ),
      helo: false,
      domain: host,
      extensions: [],
      starttls,
      auth,
      size: null,
    });
  return {
    ok: true,
    host,
    port,
    tlsMode: port === 465 ? "implicit" : "starttls",
    address,
    startedAt: "2026-11-23T09:00:00.000Z",
    ms: 40,
    connect: ok({ address: address ?? "192.0.2.25", port, family: "IPv4" as const }),
    banner: ok({ reply: reply(220, `${host} ESMTP`), accepted: true, domain: host }),
    ehlo: ehlo(true, []),
    starttls: port === 465 ? { status: "skipped", reason: "implicit-tls" } : ok({ offered: true }),
    tls: ok({
      protocol: "TLSv1.3",
      cipher: { name: "TLS_AES_256_GCM_SHA384", standardName: "TLS_AES_256_GCM_SHA384", version: "TLSv1.3" },
      serverName: host,
      chain: [leaf()],
      chainTrusted: true,
      chainError: null,
      nameMatches: true,
      nameError: null,
      expired: false,
      notYetValid: false,
      daysToExpiry: 200,
      valid: true,
      discardedBytes: 0,
    }),
    ehloAfterTls: ehlo(false, ["PLAIN", "LOGIN"]),
    authBeforeTls:
      port === 465 ? { status: "skipped", reason: "implicit-tls" } : ok({ offered: false, mechanisms: [] }),
    relay: ok({
      mailFrom: "relay-probe@example.net",
      rcptTo: "relay-probe@example.com",
      mail: reply(250, "2.1.0 Ok"),
      rcpt: reply(554, "5.7.1 <relay-probe@example.com>: Relay access denied"),
      verdict: "refused" as const,
      overTls: true,
      connection: 1 as const,
    }),
    quit: ok({ reply: reply(221, "2.0.0 Bye") }),
    transcript: [
      `S: 220 ${host} ESMTP`,
      "C: EHLO [192.0.2.1]",
      `S: 250 ${host} …`,
      "C: STARTTLS",
      "S: 220 2.0.0 Ready to start TLS",
      "*: TLS TLSv1.3 TLS_AES_256_GCM_SHA384",
      "C: QUIT",
      "S: 221 2.0.0 Bye",
    ],
  };
}

/** A change of a healthy report, per `host:port`. */
export type ProbeEdit = (r: SmtpProbeReport) => void;

/** Options that probe with canned results: `edits["host:port"]` changes the healthy report of that target. */
export function probes(
  edits: Record<string, ProbeEdit> = {},
  extra: { expiryDays?: number } = {},
): { probe: ProbeOptions } {
  const probe: ProbeFunction = async (host, options) => {
    const port = options.port ?? 25;
    const r = healthy(host, port, options.address ?? null);
    edits[`${host}:${port}`]?.(r);
    return r;
  };
  return { probe: { probe, ...extra } };
}

/** Edits for the common cases. */
export const edit = {
  noStarttls: ((r) => {
    if (r.ehlo.status === "ok") {
      r.ehlo.value.starttls = false;
      r.ehlo.value.reply = reply(250, r.host, "PIPELINING", "8BITMIME");
    }
    r.starttls = { status: "ok", ms: 1, value: { offered: false } };
    r.tls = { status: "skipped", reason: "starttls-not-offered" };
    r.ehloAfterTls = { status: "skipped", reason: "starttls-not-offered" };
  }) satisfies ProbeEdit,
  certificate:
    (fields: { chainTrusted?: boolean; nameMatches?: boolean; expired?: boolean; daysToExpiry?: number }): ProbeEdit =>
    (r) => {
      if (r.tls.status !== "ok") return;
      const v = r.tls.value;
      Object.assign(v, fields);
      if (fields.chainTrusted === false) v.chainError = "DEPTH_ZERO_SELF_SIGNED_CERT";
      if (fields.nameMatches === false)
        v.nameError = `Hostname/IP does not match certificate's altnames: Host: ${r.host}. is not in the cert's altnames: DNS:other.example`;
      if (fields.expired === true) v.daysToExpiry = -30;
      v.valid = v.chainTrusted && v.nameMatches && !v.expired && !v.notYetValid;
    },
  protocol:
    (protocol: string): ProbeEdit =>
    (r) => {
      if (r.tls.status === "ok") r.tls.value.protocol = protocol;
    },
  authBeforeTls: ((r) => {
    if (r.ehlo.status === "ok") {
      r.ehlo.value.auth = ["PLAIN", "LOGIN"];
      r.ehlo.value.reply = reply(250, r.host, "PIPELINING", "STARTTLS", "AUTH PLAIN LOGIN");
    }
    r.authBeforeTls = { status: "ok", ms: 0, value: { offered: true, mechanisms: ["PLAIN", "LOGIN"] } };
  }) satisfies ProbeEdit,
  relay:
    (verdict: "accepted" | "deferred"): ProbeEdit =>
    (r) => {
      if (r.relay.status !== "ok") return;
      r.relay.value.verdict = verdict;
      r.relay.value.rcpt =
        verdict === "accepted" ? reply(250, "2.1.5 Ok") : reply(450, "4.7.1 Greylisted, try again later");
    },
  refused: ((r) => {
    const failed = (step: "connect" | "banner") => ({
      status: "unknown" as const,
      cause: "refused" as const,
      step: "connect" as const,
      detail: `connect ECONNREFUSED ${r.address ?? ""}:${r.port}`,
      ...(step === "connect" ? { ms: 1 } : {}),
    });
    r.connect = failed("connect");
    for (const name of ["banner", "ehlo", "starttls", "tls", "ehloAfterTls", "authBeforeTls", "relay", "quit"] as const)
      r[name] = failed("banner");
    r.transcript = [`*: connect ECONNREFUSED ${r.address ?? ""}:${r.port}`];
  }) satisfies ProbeEdit,
};
