/**
 * SMTP replies (RFC 5321 §4.2): pure parsing of reply lines and their folding into complete,
 * possibly multi-line, replies. No I/O; never throws.
 *
 * ```
 * Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *              Reply-code [ SP textstring ] CRLF
 * Reply-code = %x32-35 %x30-35 %x30-39
 * ```
 */

import type { SmtpReply } from "./types.ts";

/** Default bounds for one reply. */
export const DEFAULT_MAX_REPLY_LINES = 200;
export const DEFAULT_MAX_LINE_BYTES = 4096;
export const DEFAULT_MAX_REPLY_CHARS = 65_536;

/** One parsed reply line. */
export interface ReplyLine {
  code: number;
  /** `-` follows the code: more lines come (RFC 5321 §4.2.1). */
  continues: boolean;
  text: string;
}

/** What feeding one line to a {@link ReplyFolder} gave. */
export type FoldStep =
  | { kind: "more" }
  | { kind: "done"; reply: SmtpReply }
  | { kind: "error"; cause: "malformed" | "oversize"; detail: string };

// Reply-code = %x32-35 %x30-35 %x30-39; then end, SP or "-". Some servers send a tab or nothing
// after the code on the last line; the text after the separator is kept as is.
const REPLY_LINE = /^([2-5][0-5][0-9])(?:([ \t-])(.*))?$/s;

// RFC 3463 §2: status-code = class "." subject "." detail; class 2/4/5, subject and detail 1–3 digits.
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/;

/**
 * Replaces C0 controls (but tab) and DEL by U+FFFD, so a hostile server cannot put terminal escape
 * sequences or line breaks into reports.
 */
export function sanitizeText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "\ufffd");
}

/** Parses one reply line (without its CRLF); null when it is not a reply line. */
export function parseReplyLine(line: string): ReplyLine | null {
  const match = REPLY_LINE.exec(line);
  if (match === null) return null;
  const code = Number(match[1]);
  const continues = match[2] === "-";
  return { code, continues, text: sanitizeText(match[3] ?? "") };
}

/** The enhanced status code at the start of `text` (RFC 3463), or null. */
export function enhancedCode(text: string): string | null {
  return ENHANCED.exec(text)?.[1] ?? null;
}

/**
 * Folds reply lines into one reply: the lines of a multi-line reply must carry the same code
 * (RFC 5321 §4.2.1), and the reply ends with the first line without `-`. At most `maxLines` lines
 * and `maxChars` characters of text.
 */
export class ReplyFolder {
  readonly #maxLines: number;
  readonly #maxChars: number;
  #chars = 0;
  #code: number | null = null;
  #lines: string[] = [];

  constructor(maxLines: number = DEFAULT_MAX_REPLY_LINES, maxChars: number = DEFAULT_MAX_REPLY_CHARS) {
    this.#maxLines = maxLines;
    this.#maxChars = maxChars;
  }

  /** Feeds one line (CRLF removed). After `done` or `error` the folder starts afresh. */
  push(line: string): FoldStep {
    const parsed = parseReplyLine(line);
    if (parsed === null) {
      this.#reset();
      return { kind: "error", cause: "malformed", detail: `not an SMTP reply line: ${quote(line)}` };
    }
    if (this.#code !== null && parsed.code !== this.#code) {
      const first = this.#code;
      this.#reset();
      return {
        kind: "error",
        cause: "malformed",
        detail: `multi-line reply changes its code from ${first} to ${parsed.code} (RFC 5321 §4.2.1)`,
      };
    }
    this.#code = parsed.code;
    this.#lines.push(parsed.text);
    this.#chars += parsed.text.length;
    if (!parsed.continues) {
      const reply: SmtpReply = {
        code: parsed.code,
        enhanced: enhancedCode(this.#lines[0] ?? ""),
        lines: this.#lines,
      };
      this.#reset();
      return { kind: "done", reply };
    }
    if (this.#lines.length >= this.#maxLines) {
      this.#reset();
      return { kind: "error", cause: "oversize", detail: `reply longer than ${this.#maxLines} lines` };
    }
    if (this.#chars > this.#maxChars) {
      this.#reset();
      return { kind: "error", cause: "oversize", detail: `reply longer than ${this.#maxChars} characters` };
    }
    return { kind: "more" };
  }

  #reset(): void {
    this.#code = null;
    this.#lines = [];
    this.#chars = 0;
  }
}

/** The result of {@link parseSmtpReplies}. */
export interface ParsedReplies {
  replies: SmtpReply[];
  /** The first error, which stops parsing; null when all complete lines parsed. */
  error: { cause: "malformed" | "oversize"; detail: string; line: number } | null;
  /** Text after the last complete reply that does not finish a reply (a partial line or lines). */
  incomplete: boolean;
}

/**
 * Parses a block of server output (lines ended by CRLF or LF) into replies. For tests and tools;
 * the probe feeds lines one at a time as they arrive. Never throws.
 */
export function parseSmtpReplies(text: string, maxLines: number = DEFAULT_MAX_REPLY_LINES): ParsedReplies {
  const folder = new ReplyFolder(maxLines);
  const replies: SmtpReply[] = [];
  const parts = text.split("\n");
  const tail = parts.pop() ?? "";
  let pending = false;
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i] ?? "";
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const step = folder.push(line);
    if (step.kind === "error") return { replies, error: { ...step, line: i + 1 }, incomplete: false };
    pending = step.kind === "more";
    if (step.kind === "done") replies.push(step.reply);
  }
  return { replies, error: null, incomplete: pending || tail.length > 0 };
}

/** Renders a reply the way the server sent it (for transcripts and messages). */
export function formatReply(reply: SmtpReply): string {
  const last = reply.lines.length - 1;
  return reply.lines.map((text, i) => `${reply.code}${i === last ? " " : "-"}${text}`).join("\n");
}

/** The first line of a reply, as the server sent it. */
export function replySummary(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines[0] ?? ""}`.trimEnd();
}

/** A short, printable rendering of untrusted text for messages. */
export function quote(text: string, max = 80): string {
  const clean = sanitizeText(text);
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}
