/**
 * Time bounds of a probe: each step has its own time limit, the whole probe an overall deadline,
 * and the caller an AbortSignal. A wait ends at the first of the three.
 */

/** How long a step may wait, and which cause to report when the wait runs out. */
export interface Budget {
  ms: number;
  cause: "timeout" | "deadline";
  signal: AbortSignal | undefined;
}

/** Why a wait ended without its event. */
export interface WaitFailure {
  cause: "timeout" | "deadline" | "aborted";
  detail: string;
}

/** The overall deadline of one probe. */
export class ProbeClock {
  readonly #deadlineAt: number;
  readonly #signal: AbortSignal | undefined;

  constructor(deadlineMs: number, signal: AbortSignal | undefined) {
    this.#deadlineAt = Date.now() + deadlineMs;
    this.#signal = signal;
  }

  /** The wait allowed to a step whose own limit is `stepMs`: the step's limit or what is left of the deadline. */
  budget(stepMs: number): Budget {
    const left = Math.max(0, this.#deadlineAt - Date.now());
    return stepMs <= left
      ? { ms: stepMs, cause: "timeout", signal: this.#signal }
      : { ms: left, cause: "deadline", signal: this.#signal };
  }
}

function abortDetail(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return `aborted: ${reason.message}`;
  return reason === undefined ? "aborted" : `aborted: ${String(reason)}`;
}

/**
 * Waits for an event within `budget`. `start` begins the wait and calls `settle` with its value; it
 * returns a cleanup run whatever ends the wait. `onFail` builds the value for a timeout, deadline or
 * abort. Never rejects (a throwing `start` or `onFail` is the caller's bug; both are plain code here).
 */
export function waitWithin<T>(
  budget: Budget,
  what: string,
  start: (settle: (value: T) => void) => () => void,
  onFail: (failure: WaitFailure) => T,
): Promise<T> {
  return new Promise<T>((resolve) => {
    let done = false;
    let cleanup: () => void = () => {};
    const finish = (value: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      budget.signal?.removeEventListener("abort", onAbort);
      cleanup();
      resolve(value);
    };
    const onAbort = (): void => {
      finish(onFail({ cause: "aborted", detail: `${what}: ${abortDetail(budget.signal as AbortSignal)}` }));
    };
    const timer = setTimeout(() => {
      const detail =
        budget.cause === "timeout"
          ? `${what}: no answer within ${budget.ms} ms`
          : `${what}: the probe's overall deadline passed`;
      finish(onFail({ cause: budget.cause, detail }));
    }, budget.ms);
    if (budget.signal?.aborted) {
      onAbort();
      return;
    }
    if (budget.ms <= 0 && budget.cause === "deadline") {
      // Nothing is started once the deadline has passed (no new connection, no new command wait).
      finish(onFail({ cause: "deadline", detail: `${what}: the probe's overall deadline passed` }));
      return;
    }
    budget.signal?.addEventListener("abort", onAbort, { once: true });
    cleanup = start(finish);
    if (done) cleanup();
  });
}
