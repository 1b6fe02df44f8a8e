/**
 * Reports delivered by mail (RFC 7489 §7.2.1.1, RFC 9990 §5; RFC 8460 §5.3 for TLS reports): the
 * message is parsed with postal-mime and every part that holds a report is returned (gzip, zip,
 * XML, JSON; `application/tlsrpt+gzip` and `+json` included). Parts are recognised by their bytes,
 * not their declared type, which reporters get wrong (`application/octet-stream`).
 */
import PostalMime, { type Email } from "postal-mime";
import { type Sniffed, sniff } from "./sniff.ts";

/** A report-bearing part of a message. */
export interface MailPart {
  name: string;
  bytes: Uint8Array;
  kind: Sniffed;
}

/** What a message holds: its report parts, or why it has none. */
export type MailContent =
  | { ok: true; subject: string | null; parts: MailPart[]; skippedParts: number }
  | { ok: false; reason: "not-a-report" | "unreadable"; message: string };

const REPORT_KINDS: readonly Sniffed[] = ["gzip", "zip", "xml", "json"];

/** Parses one message and returns the parts that hold a report (at most `maxParts`). */
export async function reportParts(message: Uint8Array, maxParts: number): Promise<MailContent> {
  let email: Email;
  try {
    email = await PostalMime.parse(message, { maxNestingDepth: 16, maxRfc822NestingDepth: 4 });
  } catch (e) {
    return { ok: false, reason: "unreadable", message: `not a readable message: ${(e as Error).message}` };
  }
  const subject = email.subject ?? null;
  const parts: MailPart[] = [];
  let skippedParts = 0;
  let feedbackReport = false;
  for (const attachment of email.attachments) {
    if (attachment.mimeType === "message/feedback-report") feedbackReport = true;
    const bytes = asBytes(attachment.content);
    const kind = sniff(bytes.subarray(0, 256));
    if (!REPORT_KINDS.includes(kind)) {
      skippedParts++;
      continue;
    }
    if (parts.length >= maxParts) {
      skippedParts++;
      continue;
    }
    parts.push({ name: attachment.filename ?? `part ${parts.length + 1} (${attachment.mimeType})`, bytes, kind });
  }
  // A message whose whole body is the XML (Content-Type: text/xml, no attachment).
  if (parts.length === 0 && email.text !== undefined) {
    const body = Buffer.from(email.text, "utf8");
    const kind = sniff(body.subarray(0, 256));
    if (kind === "xml" || kind === "json") parts.push({ name: "message body", bytes: body, kind });
  }
  if (parts.length > 0) return { ok: true, subject, parts, skippedParts };
  const contentType = email.headers.find((h) => h.key === "content-type")?.value ?? "";
  if (feedbackReport || /report-type\s*=\s*"?feedback-report/i.test(contentType))
    return {
      ok: false,
      reason: "not-a-report",
      message: "a DMARC failure report (ARF, RFC 6591), not an aggregate or TLS report",
    };
  return {
    ok: false,
    reason: "not-a-report",
    message: `no report in the message (no XML, JSON, gzip or zip part)${subject === null ? "" : `; subject: ${JSON.stringify(subject.slice(0, 80))}`}`,
  };
}

function asBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === "string") return Buffer.from(content, "utf8");
  if (content instanceof Uint8Array) return content;
  return new Uint8Array(content);
}
