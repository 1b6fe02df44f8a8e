/** Socket and TLS errors mapped to the probe's causes. */

import type { ProbeCause, ProbeStepName, SmtpReply, StepUnknown } from "./types.ts";

/** A step that failed: its cause, where, and a readable detail. */
export interface Failure {
  cause: ProbeCause;
  step: ProbeStepName;
  detail: string;
  reply?: SmtpReply;
}

const CAUSE_BY_CODE: Record<string, ProbeCause> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  EAI_NONAME: "dns",
  EAI_NODATA: "dns",
  ENODATA: "dns",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  EHOSTDOWN: "unreachable",
  ENETDOWN: "unreachable",
  EADDRNOTAVAIL: "unreachable",
  ECONNRESET: "reset",
  ECONNABORTED: "reset",
  EPIPE: "reset",
  ETIMEDOUT: "timeout",
};

/** The `code` of a Node error, or null. */
export function errorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  const code: unknown = error.code;
  return typeof code === "string" ? code : null;
}

/** A short readable description of a Node error: `CODE: message`. */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code !== null && !message.includes(code) ? `${code}: ${message}` : message;
}

/** The probe cause of a socket error; `tls` when it happened during a handshake and is not a network error. */
export function causeOf(error: unknown, duringHandshake = false): ProbeCause {
  const code = errorCode(error);
  const mapped = code === null ? undefined : CAUSE_BY_CODE[code];
  if (duringHandshake) return mapped === "reset" || mapped === undefined ? "tls" : mapped;
  if (mapped !== undefined) return mapped;
  if (code !== null && (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS"))) return "tls";
  return "error";
}

/** The step outcome of a failure. `ms` is set when the failure happened in this step. */
export function unknownStep(failure: Failure, ms?: number): StepUnknown {
  const step: StepUnknown = { status: "unknown", cause: failure.cause, step: failure.step, detail: failure.detail };
  if (failure.reply !== undefined) step.reply = failure.reply;
  if (ms !== undefined) step.ms = ms;
  return step;
}
