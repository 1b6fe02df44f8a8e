/**
 * The elapsed-time limit of an evaluation (RFC 7208 §4.6.4: "MTAs or other processors SHOULD
 * impose a limit on the maximum amount of elapsed time to evaluate check_host() ... If such a
 * limit is exceeded, the result of authorization SHOULD be "temperror"."), and the caller's
 * AbortSignal, as one stop signal per evaluation. One shared, unreferenced timer serves every
 * evaluation in progress, so that a check costs no timer of its own.
 */

interface Watched {
  deadline: number;
  fire(): void;
}

const watched = new Set<Watched>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Number.POSITIVE_INFINITY;

function arm(at: number): void {
  if (timer !== undefined && timerAt <= at) return;
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(tick, Math.max(0, at - performance.now()));
  timer.unref?.();
}

function tick(): void {
  timer = undefined;
  timerAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  let next = Number.POSITIVE_INFINITY;
  for (const w of watched) {
    if (w.deadline <= now) {
      watched.delete(w);
      w.fire();
    } else if (w.deadline < next) {
      next = w.deadline;
    }
  }
  if (next < Number.POSITIVE_INFINITY) arm(next);
}

/** Stops one evaluation at its deadline or when the caller aborts. */
export class Stopper {
  /** Passed to every question, so that resolvers can give up too. */
  readonly signal: AbortSignal;
  /** Settles with the reason when the evaluation must stop. */
  readonly stopped: Promise<string>;
  /** Set once stopped. */
  reason: string | undefined;
  readonly #controller = new AbortController();
  readonly #outer: AbortSignal | undefined;
  readonly #watch: Watched;
  #resolve: (reason: string) => void = () => {};

  constructor(timeoutMs: number, outer: AbortSignal | undefined) {
    this.signal = this.#controller.signal;
    this.stopped = new Promise<string>((resolve) => {
      this.#resolve = resolve;
    });
    this.#outer = outer;
    this.#watch = {
      deadline: performance.now() + timeoutMs,
      fire: () => this.stop(`evaluation took longer than ${timeoutMs} ms (RFC 7208 §4.6.4)`),
    };
    watched.add(this.#watch);
    arm(this.#watch.deadline);
    if (outer?.aborted) this.#onAbort();
    else outer?.addEventListener("abort", this.#onAbort, { once: true });
  }

  readonly #onAbort = (): void => this.stop("the evaluation was aborted by the caller");

  /** Stops the evaluation (idempotent). */
  stop(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.#resolve(reason);
    this.#controller.abort(new Error(reason));
  }

  /** The evaluation is over: forget it. */
  done(): void {
    watched.delete(this.#watch);
    this.#outer?.removeEventListener("abort", this.#onAbort);
  }
}
