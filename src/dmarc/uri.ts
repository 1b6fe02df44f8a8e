/**
 * DMARC reporting URIs (`rua`, `ruf`): RFC 7489 §6.2 and §6.4, RFC 9989 §4.6 and §4.8.
 *
 * ```
 * dmarc-uri     = URI            ; RFC 3986; commas and "!" MUST be encoded
 * obs-dmarc-uri = dmarc-uri obs-dmarc-report-size      ; RFC 9989: obsolete, ignored
 * obs-dmarc-report-size = "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]
 * dmarc-urilist = (dmarc-uri / obs-dmarc-uri) *(*WSP "," *WSP (dmarc-uri / obs-dmarc-uri))
 * ```
 */
import { diagnostic, ref } from "./diagnostic.ts";
import { normalizeDmarcDomain } from "./domain.ts";
import type { DmarcDiagnostic, DmarcSpec, DmarcUri } from "./types.ts";

/** Characters RFC 3986 allows in a URI (unreserved, reserved, and "%" for pct-encoding). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const SIZE = /!([0-9]+)([kmgtKMGT]?)$/;
const UNIT_SHIFT: Record<string, number> = { "": 0, k: 10, m: 20, g: 30, t: 40 };

/** A host name as RFC 5321 §4.1.2 allows in a mailbox: LDH labels of 1-63 octets. */
function hostOk(host: string): boolean {
  return host.split(".").every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

interface UriContext {
  tag: "rua" | "ruf";
  spec: DmarcSpec;
  diagnostics: DmarcDiagnostic[];
}

/** Reads the mailbox and destination host of a `mailto:` URI (RFC 6068 §2). */
function readMailto(uri: DmarcUri, body: string, ctx: UriContext): void {
  const place = { start: uri.start, end: uri.end, tag: ctx.tag };
  const to = body.split("?")[0] ?? "";
  const address = decode(to);
  const at = address === undefined ? -1 : address.lastIndexOf("@");
  if (address === undefined || at <= 0 || address.includes(",")) {
    const why = address?.includes(",") ? "holds more than one address" : "has no local-part@domain address";
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-uri-invalid-mailto",
        "error",
        `${JSON.stringify(uri.uri)} ${why}; reports cannot be sent to it`,
        [ref(6068, "2"), ref(9989, "4.7")],
        place,
      ),
    );
    uri.valid = false;
    return;
  }
  uri.address = address;
  const host = normalizeDmarcDomain(address.slice(at + 1));
  if (host === undefined || !hostOk(host)) {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-uri-invalid-mailto",
        "error",
        `${JSON.stringify(address.slice(at + 1))} in ${JSON.stringify(uri.uri)} is not a mail domain`,
        [ref(5321, "4.1.2"), ref(6068, "2")],
        place,
      ),
    );
    uri.valid = false;
    return;
  }
  uri.host = host;
}

/** Reads the host of a URI with an authority (`https://host/...`). */
function readAuthority(uri: DmarcUri): void {
  try {
    const url = new URL(uri.uri);
    const host = normalizeDmarcDomain(url.hostname);
    if (host !== undefined) uri.host = host;
  } catch {
    // No authority we can read: the URI stays syntactically valid, without a destination host.
  }
}

/** Reads the `!size` suffix, which RFC 7489 §6.2 defines and RFC 9989 §4.8 makes obsolete. */
function readSize(uri: DmarcUri, ctx: UriContext): void {
  const m = SIZE.exec(uri.uri);
  if (m === null) return;
  const [whole, digits = "", unit = ""] = m;
  uri.uri = uri.uri.slice(0, -whole.length);
  uri.sizeLimit = `${digits}${unit}`;
  const bytes = Number(digits) * 2 ** (UNIT_SHIFT[unit.toLowerCase()] ?? 0);
  if (Number.isSafeInteger(bytes)) uri.maxBytes = bytes;
  const place = { start: uri.end - whole.length, end: uri.end, tag: ctx.tag };
  if (ctx.spec === "rfc9989") {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-uri-size-limit",
        "warning",
        `size limit "!${uri.sizeLimit}" is obsolete syntax; RFC 9989 reporters ignore it`,
        [ref(9989, "4.8"), ref(9989, "C.4")],
        place,
      ),
    );
  } else if (uri.maxBytes === undefined || uri.maxBytes === 0) {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-uri-size-limit",
        "warning",
        `size limit "!${uri.sizeLimit}" cannot be honoured`,
        [ref(7489, "6.2")],
        place,
      ),
    );
  }
}

/** Parses one URI of the list. */
function parseOne(text: string, start: number, ctx: UriContext): DmarcUri {
  const uri: DmarcUri = { uri: text, scheme: "", valid: true, start, end: start + text.length };
  const place = { start: uri.start, end: uri.end, tag: ctx.tag };
  readSize(uri, ctx);
  const scheme = SCHEME.exec(uri.uri);
  if (scheme === null || !URI_CHARS.test(uri.uri) || /%(?![0-9A-Fa-f]{2})/.test(uri.uri) || uri.uri.includes("!")) {
    const why =
      scheme === null
        ? "has no scheme (RFC 3986 §3.1)"
        : uri.uri.includes("!")
          ? `has an unencoded "!" (RFC ${ctx.spec === "rfc9989" ? "9989 §4.8" : "7489 §6.2"})`
          : "has characters a URI cannot hold (RFC 3986 §2)";
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-uri-invalid",
        "error",
        `${JSON.stringify(text)} ${why}`,
        [ref(3986, "3"), ref(9989, "4.8")],
        place,
      ),
    );
    uri.valid = false;
    return uri;
  }
  uri.scheme = (scheme[1] ?? "").toLowerCase();
  const body = uri.uri.slice(scheme[0].length);
  if (uri.scheme === "mailto") {
    readMailto(uri, body, ctx);
  } else {
    if (uri.scheme === "http" || uri.scheme === "https") readAuthority(uri);
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-uri-not-mailto",
        "warning",
        `${JSON.stringify(uri.uri)} is not a mailto: URI; receivers need only support mailto: and MUST ignore schemes they do not support`,
        [ref(9989, "4.7"), ref(7489, "6.2")],
        place,
      ),
    );
  }
  return uri;
}

/**
 * Parses a `rua`/`ruf` value that starts at `offset` in the record. Every URI is returned (check
 * `valid`); problems go to `diagnostics`. Bounded by the value length.
 */
export function parseUriList(
  value: string,
  offset: number,
  tag: "rua" | "ruf",
  spec: DmarcSpec,
  diagnostics: DmarcDiagnostic[],
): DmarcUri[] {
  const ctx: UriContext = { tag, spec, diagnostics };
  const uris: DmarcUri[] = [];
  let pos = 0;
  for (const part of value.split(",")) {
    const lead = part.length - part.trimStart().length;
    const text = part.trim();
    const start = offset + pos + lead;
    if (text === "") {
      diagnostics.push(
        diagnostic("dmarc-uri-empty", "error", `empty URI in ${tag}`, [ref(9989, "4.8")], {
          start,
          end: start + 1,
          tag,
        }),
      );
    } else {
      uris.push(parseOne(text, start, ctx));
    }
    pos += part.length + 1;
  }
  if (spec === "rfc7489" && uris.length > 2) {
    diagnostics.push(
      diagnostic(
        "dmarc-uri-count",
        "info",
        `${uris.length} URIs in ${tag}: receivers must support two and may ignore the rest`,
        [ref(7489, "6.2")],
        {
          start: offset,
          end: offset + value.length,
          tag,
        },
      ),
    );
  }
  return uris;
}
