/**
 * The recorded-HTTPS fixture: what HTTPS GETs answered (an MTA-STS policy, a BIMI logo), keyed by
 * URL, so that an offline run (a DNS fixture, the bundled example, a test) shows the policies it
 * would fetch without any network. The companion of the recorded-DNS fixture (docs/dns.md): the
 * same `version`, `$comment` and `recordedAt`, and `responses` in place of `records`.
 *
 * ```json
 * { "version": 1,
 *   "responses": {
 *     "https://mta-sts.contoso.example/.well-known/mta-sts.txt": {
 *       "status": 200, "contentType": "text/plain",
 *       "lines": ["version: STSv1", "mode: enforce", "mx: *.mail.protection.outlook.com", "max_age: 604800"] } } }
 * ```
 *
 * A URL the fixture does not hold is `unavailable` (unknown), never "missing": the run is offline.
 */
import { lazyValidator, type SchemaProblem } from "../common/json-schema.ts";
import type { HttpsFailureKind, HttpsFetch, HttpsRequest, HttpsResponse } from "./https-fetch.ts";

/** Failures a fixture can replay (those a real server or network gives). */
export type HttpsFixtureFailure = "connect" | "timeout" | "certificate" | "tls" | "http";

/** One recorded answer. */
export interface HttpsFixtureResponse {
  /** The HTTP status (absent with `failure`). */
  status?: number;
  contentType?: string;
  /** The `Location` header of a redirect. */
  location?: string;
  /** The body as text. */
  body?: string;
  /** The body as lines, each ended with CRLF (easier to read for a policy). Ignored when `body` is given. */
  lines?: string[];
  /** No HTTP answer: the connection, the handshake or the certificate failed. */
  failure?: HttpsFixtureFailure;
  /** Words for the failure (`ECONNREFUSED`, the certificate error...). */
  message?: string;
}

/** A whole HTTPS fixture file. */
export interface HttpsFixture {
  version: 1;
  $comment?: string;
  /** When the answers were recorded (ISO 8601). */
  recordedAt?: string;
  /** URL (`https://host[:port]/path`) → what it answered. */
  responses: Record<string, HttpsFixtureResponse>;
}

/** JSON Schema (draft 2020-12) of {@link HttpsFixture}. */
export const httpsFixtureSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/https-fixture.schema.json",
  title: "email-auth-audit recorded-HTTPS fixture (version 1)",
  type: "object",
  properties: {
    version: { const: 1 },
    $comment: { type: "string" },
    recordedAt: { type: "string" },
    responses: {
      type: "object",
      propertyNames: { pattern: "^https://", maxLength: 2048 },
      additionalProperties: {
        type: "object",
        properties: {
          status: { type: "integer", minimum: 100, maximum: 599 },
          contentType: { type: "string", maxLength: 500 },
          location: { type: "string", maxLength: 2048 },
          body: { type: "string", maxLength: 1_048_576 },
          lines: { type: "array", items: { type: "string", maxLength: 65_536 }, maxItems: 10_000 },
          failure: { enum: ["connect", "timeout", "certificate", "tls", "http"] },
          message: { type: "string", maxLength: 2000 },
        },
        additionalProperties: false,
      },
    },
  },
  required: ["version", "responses"],
  additionalProperties: false,
} as const;

const validate = lazyValidator(httpsFixtureSchema);

/** Validates an HTTPS fixture. Never throws. */
export function readHttpsFixture(
  value: unknown,
): { ok: true; fixture: HttpsFixture } | { ok: false; problems: SchemaProblem[] } {
  const problems = validate(value);
  if (problems.length > 0) return { ok: false, problems };
  const fixture = value as HttpsFixture;
  // Each answer is an HTTP status or a failure, never both nor neither.
  for (const [url, entry] of Object.entries(fixture.responses)) {
    if ((entry.status === undefined) === (entry.failure === undefined))
      problems.push({
        pointer: `/responses/${url.replace(/~/g, "~0").replace(/\//g, "~1")}`,
        path: `$.responses[${JSON.stringify(url)}]`,
        message: "must have either `status` or `failure`",
      });
  }
  return problems.length === 0 ? { ok: true, fixture } : { ok: false, problems };
}

/** The URL a request is recorded under: `https://host[:port]/path`, host lower-case. */
export function requestUrl(request: Pick<HttpsRequest, "host" | "port" | "path">): string {
  const host = request.host.toLowerCase().replace(/\.$/, "");
  return `https://${host}${request.port === 443 ? "" : `:${request.port}`}${request.path}`;
}

function bodyOf(entry: HttpsFixtureResponse): string | undefined {
  if (entry.body !== undefined) return entry.body;
  if (entry.lines !== undefined) return entry.lines.map((l) => `${l}\r\n`).join("");
  return undefined;
}

const UNAVAILABLE: HttpsResponse = {
  ok: false,
  kind: "unavailable",
  message: "offline run: the HTTPS recording holds no answer for this URL",
};

/** A fetch that answers from `fixture` only (never the network); URLs it lacks are `unavailable`. */
export function fixtureFetch(fixture: HttpsFixture): HttpsFetch {
  const entries = new Map(Object.entries(fixture.responses).map(([url, entry]) => [normaliseUrl(url), entry]));
  return async (request) => {
    const entry = entries.get(requestUrl(request));
    if (entry === undefined) return { ...UNAVAILABLE };
    if (entry.failure !== undefined)
      return { ok: false, kind: entry.failure, message: entry.message ?? `recorded failure: ${entry.failure}` };
    const headers: { contentType?: string; location?: string } = {};
    if (entry.contentType !== undefined) headers.contentType = entry.contentType;
    if (entry.location !== undefined) headers.location = entry.location;
    const status = entry.status ?? 0;
    if (status !== 200) return { ok: true, status, headers, bytes: 0 };
    const body = bodyOf(entry) ?? "";
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > request.maxBytes)
      return {
        ok: false,
        kind: "too-large",
        message: `the body is larger than ${request.maxBytes} bytes`,
        bytes,
        status,
        headers,
      };
    return { ok: true, status, headers, body, bytes };
  };
}

/** A fetch for offline runs with no recording: every URL is `unavailable`. */
export const offlineFetch: HttpsFetch = async () => ({ ...UNAVAILABLE });

function normaliseUrl(url: string): string {
  try {
    const u = new URL(url);
    return requestUrl({
      host: u.hostname,
      port: u.port === "" ? 443 : Number(u.port),
      path: `${u.pathname}${u.search}`,
    });
  } catch {
    return url;
  }
}

/** Failures worth replaying (the others say nothing about the server). */
const RECORDED: ReadonlySet<HttpsFailureKind> = new Set(["connect", "timeout", "certificate", "tls", "http"]);

/** A fetch that records what `inner` answers, for {@link HttpsRecorder.toFixture}. */
export interface HttpsRecorder {
  fetch: HttpsFetch;
  /** How many URLs were recorded. */
  readonly size: number;
  toFixture(comment?: string, now?: Date): HttpsFixture;
}

/** Wraps `inner` so that every answer is kept (bounded: 1,000 URLs), to be written as a fixture. */
export function recordHttps(inner: HttpsFetch): HttpsRecorder {
  const responses = new Map<string, HttpsFixtureResponse>();
  const fetch: HttpsFetch = async (request) => {
    const response = await inner(request);
    const url = requestUrl(request);
    if (responses.size >= 1000 && !responses.has(url)) return response;
    if (response.ok) {
      const entry: HttpsFixtureResponse = { status: response.status };
      if (response.headers.contentType !== undefined) entry.contentType = response.headers.contentType;
      if (response.headers.location !== undefined) entry.location = response.headers.location;
      if (response.body !== undefined) entry.body = response.body;
      responses.set(url, entry);
    } else if (response.kind === "too-large" && response.status !== undefined) {
      // The body was cut: record an oversize body so the replay is too large as well.
      const entry: HttpsFixtureResponse = { status: response.status, body: "x".repeat(request.maxBytes + 1) };
      if (response.headers?.contentType !== undefined) entry.contentType = response.headers.contentType;
      responses.set(url, entry);
    } else if (RECORDED.has(response.kind)) {
      responses.set(url, { failure: response.kind as HttpsFixtureFailure, message: response.message });
    }
    return response;
  };
  return {
    fetch,
    get size() {
      return responses.size;
    },
    toFixture(comment, now = new Date()) {
      const fixture: HttpsFixture = { version: 1, recordedAt: now.toISOString(), responses: {} };
      if (comment !== undefined) fixture.$comment = comment;
      for (const url of [...responses.keys()].sort())
        fixture.responses[url] = responses.get(url) as HttpsFixtureResponse;
      return fixture;
    },
  };
}
