/**
 * The SMTP TLS Reporting record at `_smtp._tls.<domain>` (RFC 8460 §3):
 *
 * ```
 * tlsrpt-record  = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
 * field-delim    = *WSP ";" *WSP
 * tlsrpt-version = %s"v=TLSRPTv1"
 * tlsrpt-rua     = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
 * tlsrpt-uri     = URI                 ; "mailto:" or "https:"; "," and "!" percent-encoded
 * ```
 */
import type { Resolver } from "../dns/types.ts";
import { diagnostic, hasErrors, rfc, shown } from "./diagnostic.ts";
import { ask } from "./dns-evidence.ts";
import { duplicateFields, parseFields } from "./fields.ts";
import { selectTxt } from "./txt-select.ts";
import type { DnsEvidence, RecordOutcome, TransportDiagnostic } from "./types.ts";

/** One report destination. */
export interface TlsRptUri {
  uri: string;
  scheme: "mailto" | "https" | "other";
  /** The mail address (mailto) or host (https), when the URI is usable. */
  target?: string;
  valid: boolean;
  start: number;
  end: number;
}

/** What {@link parseTlsRptRecord} returns. */
export interface TlsRptRecordParse {
  valid: boolean;
  rua: TlsRptUri[];
  extensions: Array<{ name: string; value: string }>;
  diagnostics: TransportDiagnostic[];
}

const REF = rfc(8460, "3");
const MAX_URIS = 20;
const DOMAIN_RE =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function checkUri(uri: string, start: number, diagnostics: TransportDiagnostic[]): TlsRptUri {
  const end = start + uri.length;
  const place = { start, end, field: "rua" };
  const colon = uri.indexOf(":");
  const scheme = colon > 0 ? uri.slice(0, colon).toLowerCase() : "";
  if (scheme !== "mailto" && scheme !== "https") {
    diagnostics.push(
      diagnostic(
        "tls-rpt-uri-scheme",
        "error",
        `${shown(uri)}: only "mailto:" and "https:" report destinations are defined${scheme === "http" ? " (plain http is not allowed)" : ""}`,
        [REF],
        place,
      ),
    );
    return { uri, scheme: "other", valid: false, start, end };
  }
  if (uri.includes("!")) {
    diagnostics.push(
      diagnostic(
        "tls-rpt-uri-bang",
        "error",
        `${shown(uri)}: "!" must be percent-encoded (DMARC-style size limits are not part of TLS-RPT)`,
        [REF],
        place,
      ),
    );
    return { uri, scheme, valid: false, start, end };
  }
  if (scheme === "mailto") {
    const address = decodeSafely(uri.slice(colon + 1).split("?")[0] ?? "");
    const at = address.lastIndexOf("@");
    const domain = at > 0 ? address.slice(at + 1) : "";
    if (at <= 0 || !DOMAIN_RE.test(domain)) {
      diagnostics.push(
        diagnostic(
          "tls-rpt-uri-mailto",
          "error",
          `${shown(uri)} is not a mailto: URI with a mail address`,
          [REF, rfc(6068, "2")],
          place,
        ),
      );
      return { uri, scheme, valid: false, start, end };
    }
    return { uri, scheme, target: address, valid: true, start, end };
  }
  let host = "";
  try {
    host = new URL(uri).hostname;
  } catch {
    host = "";
  }
  if (!DOMAIN_RE.test(host)) {
    diagnostics.push(
      diagnostic("tls-rpt-uri-https", "error", `${shown(uri)} is not an https: URL with a host name`, [REF], place),
    );
    return { uri, scheme, valid: false, start, end };
  }
  return { uri, scheme, target: host, valid: true, start, end };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses one `_smtp._tls` TXT record (character-strings joined). Never throws. */
export function parseTlsRptRecord(text: string): TlsRptRecordParse {
  const parsed = parseFields(text, "TLSRPTv1", "tls-rpt-record", REF);
  const diagnostics = [...parsed.diagnostics, ...duplicateFields(parsed.fields, "tls-rpt-record", REF)];
  const rua: TlsRptUri[] = [];
  const extensions: Array<{ name: string; value: string }> = [];
  let sawRua = false;
  for (const f of parsed.fields) {
    if (f.name !== "rua") {
      extensions.push({ name: f.name, value: f.value });
      continue;
    }
    if (sawRua) continue;
    sawRua = true;
    if (f.value.trim() === "") {
      diagnostics.push(
        diagnostic("tls-rpt-rua-empty", "error", "rua has no URI", [REF], { start: f.start, end: f.end, field: "rua" }),
      );
      continue;
    }
    let offset = f.valueStart;
    for (const part of f.value.split(",")) {
      const lead = part.length - part.trimStart().length;
      const uri = part.trim();
      if (uri === "") {
        diagnostics.push(
          diagnostic("tls-rpt-rua-empty", "error", "empty URI in rua (two commas in a row?)", [REF], {
            start: offset,
            end: offset + part.length,
            field: "rua",
          }),
        );
      } else if (rua.length < MAX_URIS) {
        rua.push(checkUri(uri, offset + lead, diagnostics));
      }
      offset += part.length + 1;
    }
  }
  if (!sawRua && parsed.versionOk) {
    diagnostics.push(
      diagnostic("tls-rpt-rua-missing", "error", 'the record has no "rua" field, which is required', [REF], {
        start: 0,
        end: text.length,
        field: "rua",
      }),
    );
  }
  return { valid: parsed.versionOk && !hasErrors(diagnostics), rua, extensions, diagnostics };
}

/** What {@link checkTlsRpt} returns. */
export interface TlsRptCheck {
  domain: string;
  /** `_smtp._tls.<domain>`. */
  name: string;
  /** `absent`, `unknown` (DNS failure), `multiple`, `invalid` or `valid` (see {@link RecordOutcome}). */
  status: RecordOutcome;
  dns: DnsEvidence;
  txt: string[];
  records: string[];
  nearMisses: string[];
  parse?: TlsRptRecordParse;
  diagnostics: TransportDiagnostic[];
}

/** Looks up and checks the TLS-RPT record of `domain`. Never throws. */
export async function checkTlsRpt(
  domain: string,
  options: { resolver: Resolver; signal?: AbortSignal },
): Promise<TlsRptCheck> {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const name = `_smtp._tls.${d}`;
  const { answer, evidence } = await ask(
    options.resolver,
    name,
    "TXT",
    options.signal ? { signal: options.signal } : undefined,
  );
  const sel = selectTxt(answer, "TLSRPTv1");
  const check: TlsRptCheck = {
    domain: d,
    name,
    status: "absent",
    dns: evidence,
    txt: sel.txt,
    records: sel.records,
    nearMisses: sel.nearMisses,
    diagnostics: [],
  };
  if (sel.lookup === "unknown") {
    check.status = "unknown";
    check.diagnostics.push(
      diagnostic(
        "tls-rpt-unknown",
        "warning",
        `could not look up ${name}: ${evidence.status}${evidence.detail ? ` (${evidence.detail})` : ""}`,
        [REF],
        { name },
      ),
    );
    return check;
  }
  if (sel.records.length > 1) {
    check.status = "multiple";
    check.diagnostics.push(
      diagnostic(
        "tls-rpt-multiple",
        "error",
        `${sel.records.length} records begin with "v=TLSRPTv1": senders then send no reports`,
        [REF],
        { name },
      ),
    );
    return check;
  }
  if (sel.nearMisses.length > 0) {
    check.diagnostics.push(
      diagnostic(
        "tls-rpt-discarded",
        "error",
        `senders discard records that do not begin exactly with "v=TLSRPTv1;": ${sel.nearMisses.map((t) => JSON.stringify(t.slice(0, 60))).join(", ")}`,
        [REF],
        { name },
      ),
    );
  }
  const text = sel.records[0] ?? sel.nearMisses[0];
  if (text === undefined) return check;
  check.parse = parseTlsRptRecord(text);
  for (const dg of check.parse.diagnostics) check.diagnostics.push({ ...dg, name });
  check.status = sel.records.length === 1 && check.parse.valid ? "valid" : "invalid";
  return check;
}
