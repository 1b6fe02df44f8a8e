/**
 * The diagnostics of message verification: one stable code each, its severity, the RFC section it
 * comes from and a default message. docs/message.md lists the same table.
 */
import type { Severity } from "../common/severity.ts";

interface DiagnosticMeta {
  severity: Severity;
  rfc: string;
  message: string;
}

/** Every message diagnostic code, with its metadata. */
export const MESSAGE_DIAGNOSTICS = {
  "message-unsigned": { severity: "info", rfc: "RFC 6376 §6.1", message: "the message has no DKIM-Signature" },
  "too-many-signatures": {
    severity: "warning",
    rfc: "RFC 6376 §6.1",
    message: "more DKIM-Signature fields than the verification limit; only the first ones were verified",
  },
  "message-malformed": {
    severity: "error",
    rfc: "RFC 5322 §2.1",
    message: "no header section could be read from the message",
  },
  "from-missing": {
    severity: "error",
    rfc: "RFC 5322 §3.6, RFC 7489 §6.6.1",
    message: "the message has no From address, so DMARC has no domain to evaluate",
  },
  "from-multiple": {
    severity: "error",
    rfc: "RFC 5322 §3.6, RFC 7489 §6.6.1",
    message: "the message has several From fields or authors in different domains",
  },
} as const satisfies Record<string, DiagnosticMeta>;

/** A stable message diagnostic code. */
export type MessageDiagnosticCode = keyof typeof MESSAGE_DIAGNOSTICS;

/** One finding about a message as a whole, with the RFC section it comes from. */
export interface MessageDiagnostic {
  /** Stable identifier (see docs/message.md). */
  code: MessageDiagnosticCode;
  severity: Severity;
  message: string;
  /** Where the rule comes from, e.g. `RFC 5322 §3.6`. */
  rfc: string;
}

/** Builds a diagnostic from its code, with an optional more specific message. */
export function messageDiagnostic(code: MessageDiagnosticCode, message?: string): MessageDiagnostic {
  const meta: DiagnosticMeta = MESSAGE_DIAGNOSTICS[code];
  return { code, severity: meta.severity, message: message ?? meta.message, rfc: meta.rfc };
}
