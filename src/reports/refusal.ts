/** A refusal carried through a stream (a decompression layer past its limit, a corrupt archive). */
import type { RefusalError, RefusalReason } from "./types.ts";

/** Thrown inside the reading pipeline only; the readers catch it and return `{ ok: false, error }`. */
export class InputRefusedError extends Error {
  readonly refusal: RefusalError;

  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.refusal = { reason, message };
  }
}

/** The refusal an error stands for: its own, or `fallback` with the error's message. */
export function refusalOf(e: unknown, fallback: RefusalReason): RefusalError {
  if (e instanceof InputRefusedError) return e.refusal;
  return { reason: fallback, message: e instanceof Error ? e.message : String(e) };
}
