/**
 * Writing fixes: DNS text (records, names from answers) never goes into a fix's prose as it is.
 * It goes into a code span or an indented code block, with control and invisible characters
 * made visible (`\u{a}`), so no record can add a line, a heading or a link to any format (the
 * formats escape once more for where they write). And the changes themselves: whole RRsets, TXT
 * data split into character-strings of at most 255 octets (RFC 1035 §3.3.14).
 */
import { codeSpan, printable } from "../common/printable.ts";
import type { DnsChange } from "../dns/overlay-changes.ts";
import type { DnsAnswer, MxRecord } from "../dns/types.ts";

/** One line of DNS text with every control and invisible character shown as `\u{..}` (common/printable.ts). */
export function inert(text: string): string {
  return printable(text);
}

/** An inline code span that its content cannot close (common/printable.ts's `codeSpan`). */
export function code(text: string): string {
  return codeSpan(text);
}

/** An indented code block (Markdown), preceded by a blank line: one inert line per entry. */
export function block(lines: readonly string[]): string {
  return `\n\n${lines.map((l) => `    ${inert(l)}`).join("\n")}`;
}

/** Most octets in one TXT character-string (RFC 1035 §3.3: a length octet). */
export const MAX_TXT_STRING = 255;

/**
 * A TXT record's text as character-strings of at most 255 octets of UTF-8, never cutting a
 * character in two (RFC 7208 §3.3: an SPF record longer than 255 octets is split, and receivers
 * join the strings without a separator).
 */
export function splitTxt(text: string): string[] {
  if (text === "") return [""];
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, "utf8");
    if (octets + size > MAX_TXT_STRING) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out;
}

/** A TXT character-string quoted as in a zone file (RFC 1035 §5.1): `"` and `\` escaped, other bytes outside printable ASCII as `\DDD`. */
export function quoteTxt(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, "utf8")) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${String(byte).padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** The data of one record in presentation form (RFC 1035 §5.1): TXT strings quoted, names with their final dot. */
export function presentData(type: string, record: unknown): string {
  if (Array.isArray(record)) return record.map((s) => quoteTxt(String(s))).join(" ");
  if (type === "MX" && typeof record === "object" && record !== null) {
    const mx = record as MxRecord;
    return `${mx.preference} ${mx.exchange === "" || mx.exchange === "." ? "." : `${mx.exchange.replace(/\.$/, "")}.`}`;
  }
  if (type === "CNAME" || type === "NS" || type === "PTR") return `${String(record).replace(/\.$/, "")}.`;
  return String(record);
}

/** A change as the lines to publish (`name TYPE data`), or the line that says the RRset goes. */
export function changeLines(change: DnsChange): string[] {
  if (change.records.length === 0) return [`${change.name} ${change.type} (remove every record of this type)`];
  return change.records.map((r) => `${change.name} ${change.type} ${presentData(String(change.type), r)}`);
}

/** Whether a TXT record is an SPF record (RFC 7208 §4.5: `v=spf1` then a space or the end). */
export function isSpfText(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

/**
 * The TXT RRset of `domain` with its SPF record(s) replaced by `record`: every other TXT record
 * (site verifications...) stays, since a change replaces the whole RRset.
 */
export function spfChange(domain: string, answer: Pick<DnsAnswer<"TXT">, "records">, record: string): DnsChange<"TXT"> {
  return replaceTxt(domain, answer.records, isSpfText, record);
}

/** Whether a TXT record is a DMARC record (RFC 9989 §4.7: `v=DMARC1` first). */
export function isDmarcText(text: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(text);
}

/**
 * The TXT RRset at `name` with the records `replaced` matches swapped for `record` (first), the
 * others kept as they are.
 */
export function replaceTxt(
  name: string,
  current: readonly (readonly string[])[],
  replaced: (text: string) => boolean,
  record: string,
): DnsChange<"TXT"> {
  const others = current.filter((r) => !replaced(r.join(""))).map((r) => [...r]);
  return { name, type: "TXT", records: [splitTxt(record), ...others] };
}

/** A TXT RRset holding one record (a DMARC policy, a DKIM key), split into character-strings. */
export function txtChange(name: string, record: string): DnsChange<"TXT"> {
  return { name, type: "TXT", records: [splitTxt(record)] };
}
