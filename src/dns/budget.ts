import { errorAnswer, resolveSafely } from "./answer.ts";
import { normalizeName } from "./names.ts";
import type { DnsAnswer, DnsStatus, QueryAccount, ResolveOptions, Resolver, RRType } from "./types.ts";

/** One question as the log saw it. */
export interface QueryLogEntry {
  name: string;
  type: string;
  status: DnsStatus;
  /** Milliseconds from the first question of this log to this one's start. */
  startMs: number;
  /** Milliseconds the inner resolver took. */
  durationMs: number;
  /** Set when the budget refused the question (it never reached the inner resolver). */
  refused?: true;
  /**
   * Set when a driver asked this question on behalf of another one (a CNAME chain continued by
   * `DnsResolver`, see {@link QueryAccount}); it counts against the budget like any question.
   */
  followUp?: true;
}

/** Options of {@link QueryBudgetResolver}. */
export interface QueryBudgetOptions {
  /** Most questions passed on; later ones get `status: "error"` without being asked. Default: unbounded. */
  maxQueries?: number;
}

/**
 * Counts and logs every question and refuses past a budget, so that every module can bound its
 * work (an audit, a bulk run, a hostile SPF tree). A refusal is data: `status: "error"` with cause
 * `budget`. The budget also covers the extra questions a driver asks on behalf of one question: it
 * passes a {@link QueryAccount} down in the options, and `DnsResolver` runs each follow-up through it.
 */
export class QueryBudgetResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #max: number;
  readonly #log: QueryLogEntry[] = [];
  readonly #started = performance.now();
  #asked = 0;

  constructor(inner: Resolver, options: QueryBudgetOptions = {}) {
    this.#inner = inner;
    this.#max = options.maxQueries ?? Number.POSITIVE_INFINITY;
  }

  /** Questions passed to the inner resolver (follow-ups included). */
  get questions(): number {
    return this.#asked;
  }

  /** Distinct (name, type) pairs asked. */
  get unique(): number {
    return new Set(this.#log.filter((e) => !e.refused).map((e) => `${e.name}|${e.type}`)).size;
  }

  /** Questions refused by the budget. */
  get refused(): number {
    return this.#log.filter((e) => e.refused).length;
  }

  /** A copy of the log, in the order questions were asked. */
  get log(): QueryLogEntry[] {
    return this.#log.map((e) => ({ ...e }));
  }

  /** Logs one question, refuses it past the budget, otherwise runs `ask` and logs its outcome. */
  async #account<T extends RRType>(
    name: string,
    type: T,
    followUp: boolean,
    ask: () => Promise<DnsAnswer<T>>,
  ): Promise<DnsAnswer<T>> {
    const startMs = performance.now() - this.#started;
    const entry: QueryLogEntry = {
      name: normalizeName(name),
      type: type.toUpperCase(),
      status: "error",
      startMs: round(startMs),
      durationMs: 0,
    };
    if (followUp) entry.followUp = true;
    this.#log.push(entry);
    if (this.#asked >= this.#max) {
      entry.refused = true;
      return errorAnswer(name, type, "budget", `query budget of ${this.#max} questions exhausted; not asked`);
    }
    this.#asked++;
    const answer = await ask();
    entry.status = answer.status;
    entry.durationMs = round(performance.now() - this.#started - startMs);
    return answer;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const outer = options?.account;
    // Follow-ups are counted here, then by any budget further out (nested budgets each count them).
    const account: QueryAccount = (n, t, ask) =>
      this.#account(n, t, true, outer === undefined ? ask : () => outer(n, t, ask));
    return this.#account(name, type, false, () => resolveSafely(this.#inner, name, type, { ...options, account }));
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
