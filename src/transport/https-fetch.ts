/**
 * The default HTTPS GET of the transport checks (MTA-STS policies, BIMI logos), on node:tls and
 * node:http: one request, no redirects followed (RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be
 * followed"), no HTTP cache, the certificate checked against the host name before the request is
 * sent, the body read as a stream up to a cap, and one deadline over the whole exchange.
 * Replaceable through {@link HttpsFetch} (tests, proxies, recorded runs).
 */
import { request } from "node:http";
import { BlockList } from "node:net";
import { type ConnectionOptions, checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from "node:tls";

/** One GET to make. The caller has already resolved `host` to `address`. */
export interface HttpsRequest {
  /** Host name: sent as SNI and `Host`, and the name the certificate must be valid for. */
  host: string;
  /** The address to connect to (from the caller's Resolver). */
  address: string;
  port: number;
  /** Path and query, starting with `/`. */
  path: string;
  /** Trusted CA certificates (PEM) in place of Node's bundle (tests). */
  ca?: string | string[];
  /** The whole exchange must end within this many milliseconds. */
  timeoutMs: number;
  /** Read at most this many bytes of body; a longer body is `too-large`. */
  maxBytes: number;
  /** The `Accept` header. */
  accept?: string;
  signal?: AbortSignal;
}

/** What a server certificate said, as plain data. */
export interface CertificateSummary {
  subject?: string;
  subjectAltName?: string;
  issuer?: string;
  validFrom?: string;
  validTo?: string;
  fingerprint256?: string;
}

/**
 * Why a GET failed before a usable HTTP response. `unavailable`: no GET was made, because the run
 * is offline (an HTTPS recording without this URL, see https-fixture.ts) or the address is a
 * documentation address: the resource is unknown.
 */
export type HttpsFailureKind =
  | "connect"
  | "timeout"
  | "certificate"
  | "tls"
  | "http"
  | "too-large"
  | "aborted"
  | "unavailable";

/** The outcome of one GET. */
export type HttpsResponse =
  | {
      ok: true;
      status: number;
      /** Lower-cased header names of interest. */
      headers: { contentType?: string; location?: string; contentEncoding?: string };
      /** The body as UTF-8 (only for status 200). */
      body?: string;
      bytes: number;
      certificate?: CertificateSummary;
      tlsProtocol?: string;
    }
  | {
      ok: false;
      kind: HttpsFailureKind;
      /** Node's error code (`ERR_TLS_CERT_ALTNAME_INVALID`, `ECONNREFUSED`...). */
      code?: string;
      message: string;
      certificate?: CertificateSummary;
      /** Bytes read before a `too-large` stop. */
      bytes?: number;
      status?: number;
      headers?: { contentType?: string; location?: string; contentEncoding?: string };
    };

/** A function that makes one HTTPS GET; {@link httpsGet} is the default. Must not throw. */
export type HttpsFetch = (request: HttpsRequest) => Promise<HttpsResponse>;

function nameOf(fields: unknown): string | undefined {
  if (typeof fields !== "object" || fields === null) return undefined;
  const f = fields as Record<string, unknown>;
  const parts = ["CN", "O"].filter((k) => typeof f[k] === "string").map((k) => `${k}=${String(f[k])}`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/**
 * Documentation address ranges (RFC 5737 §3: TEST-NET-1, -2, -3; RFC 3849: 2001:db8::/32): never
 * routed on the Internet, so a GET to them can only reach something that should not answer (a
 * local proxy, a captive network). Example data uses them; they are never contacted.
 */
const DOCUMENTATION = new BlockList();
DOCUMENTATION.addSubnet("192.0.2.0", 24, "ipv4");
DOCUMENTATION.addSubnet("198.51.100.0", 24, "ipv4");
DOCUMENTATION.addSubnet("203.0.113.0", 24, "ipv4");
DOCUMENTATION.addSubnet("2001:db8::", 32, "ipv6");

/** Whether `address` is in a documentation range (RFC 5737, RFC 3849). */
export function isDocumentationAddress(address: string): boolean {
  try {
    return DOCUMENTATION.check(address, address.includes(":") ? "ipv6" : "ipv4");
  } catch {
    return false;
  }
}

/** A JSON-safe summary of a peer certificate. */
export function summariseCertificate(cert: PeerCertificate | undefined | null): CertificateSummary | undefined {
  if (!cert || typeof cert !== "object" || Object.keys(cert).length === 0) return undefined;
  const out: CertificateSummary = {};
  const subject = nameOf(cert.subject);
  if (subject) out.subject = subject;
  if (typeof cert.subjectaltname === "string") out.subjectAltName = cert.subjectaltname;
  const issuer = nameOf(cert.issuer);
  if (issuer) out.issuer = issuer;
  if (typeof cert.valid_from === "string") out.validFrom = cert.valid_from;
  if (typeof cert.valid_to === "string") out.validTo = cert.valid_to;
  if (typeof cert.fingerprint256 === "string") out.fingerprint256 = cert.fingerprint256;
  return out;
}

function header(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(", ") : value).slice(0, 500);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes one HTTPS GET with Node. Never throws and never rejects. The certificate is verified
 * (chain to `ca` or Node's bundle, and valid for `host` by RFC 6125 rules: `checkServerIdentity`)
 * before the request is written, so an untrusted server receives nothing.
 */
export function httpsGet(req: HttpsRequest): Promise<HttpsResponse> {
  if (isDocumentationAddress(req.address))
    return Promise.resolve({
      ok: false,
      kind: "unavailable",
      message: `not fetched: ${req.address} is a documentation address (RFC 5737, RFC 3849), never routed on the Internet`,
    });
  return new Promise<HttpsResponse>((resolve) => {
    let done = false;
    let socket: TLSSocket | undefined;
    let certificate: CertificateSummary | undefined;
    let phase = "connecting";
    const finish = (response: HttpsResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      socket?.destroy();
      resolve(response);
    };
    const fail = (kind: HttpsFailureKind, message: string, code?: string) => {
      const r: HttpsResponse = { ok: false, kind, message };
      if (code !== undefined) r.code = code;
      if (certificate !== undefined) r.certificate = certificate;
      finish(r);
    };
    const onAbort = () => fail("aborted", "aborted by the caller");
    const timer = setTimeout(
      () => fail("timeout", `no complete answer within ${req.timeoutMs} ms (${phase})`),
      req.timeoutMs,
    );
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const tlsOptions: ConnectionOptions = {
        host: req.address,
        port: req.port,
        servername: req.host,
        rejectUnauthorized: false,
        ALPNProtocols: ["http/1.1"],
      };
      if (req.ca !== undefined) tlsOptions.ca = req.ca;
      socket = connect(tlsOptions);
    } catch (error) {
      return fail("connect", errorMessage(error), errorCode(error));
    }
    const tls = socket;
    tls.on("connect", () => {
      phase = "TLS handshake";
    });
    tls.once("error", (error) => {
      const code = errorCode(error);
      const kind: HttpsFailureKind = phase === "connecting" ? "connect" : phase === "TLS handshake" ? "tls" : "http";
      fail(kind, errorMessage(error), code);
    });
    tls.once("secureConnect", () => {
      certificate = summariseCertificate(tls.getPeerCertificate(false));
      if (!tls.authorized) {
        const reason = tls.authorizationError;
        const code = typeof reason === "string" ? reason : errorCode(reason);
        const named =
          code === "ERR_TLS_CERT_ALTNAME_INVALID"
            ? checkServerIdentity(req.host, tls.getPeerCertificate(false))
            : undefined;
        return fail(
          "certificate",
          `certificate not valid for ${req.host}: ${named?.message ?? errorMessage(reason)}`,
          code,
        );
      }
      // Node already ran checkServerIdentity (authorized is false when it fails); run it again so
      // that a replaced default cannot let a wrong name through.
      const identity = checkServerIdentity(req.host, tls.getPeerCertificate(false));
      if (identity) return fail("certificate", identity.message, errorCode(identity));
      phase = "waiting for the response";
      const hostHeader = req.port === 443 ? req.host : `${req.host}:${req.port}`;
      const headers: Record<string, string> = {
        Host: hostHeader,
        "User-Agent": "email-auth-audit",
        Accept: req.accept ?? "*/*",
        "Accept-Encoding": "identity",
        "Cache-Control": "no-cache",
        Connection: "close",
      };
      const tlsProtocol = tls.getProtocol() ?? undefined;
      const get = request({ createConnection: () => tls, method: "GET", path: req.path, headers });
      get.once("error", (error) => fail("http", errorMessage(error), errorCode(error)));
      get.once("response", (res) => {
        const h: { contentType?: string; location?: string; contentEncoding?: string } = {};
        const ct = header(res.headers["content-type"]);
        if (ct !== undefined) h.contentType = ct;
        const loc = header(res.headers.location);
        if (loc !== undefined) h.location = loc;
        const enc = header(res.headers["content-encoding"]);
        if (enc !== undefined) h.contentEncoding = enc;
        const status = res.statusCode ?? 0;
        const base = (body: string | undefined, bytes: number): HttpsResponse => {
          const r: HttpsResponse = { ok: true, status, headers: h, bytes };
          if (body !== undefined) r.body = body;
          if (certificate !== undefined) r.certificate = certificate;
          if (tlsProtocol !== undefined) r.tlsProtocol = tlsProtocol;
          return r;
        };
        if (status !== 200) return finish(base(undefined, 0));
        phase = "reading the body";
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > req.maxBytes) {
            finish({
              ok: false,
              kind: "too-large",
              message: `the body is larger than ${req.maxBytes} bytes`,
              bytes,
              status,
              headers: h,
              ...(certificate ? { certificate } : {}),
            });
            return;
          }
          chunks.push(chunk);
        });
        res.once("error", (error) => fail("http", errorMessage(error), errorCode(error)));
        res.once("aborted", () => fail("http", "the server closed the connection in the middle of the body"));
        res.once("end", () => {
          if (!res.complete) return fail("http", "the server closed the connection in the middle of the body");
          finish(base(Buffer.concat(chunks).toString("utf8"), bytes));
        });
      });
      get.end();
    });
  });
}
