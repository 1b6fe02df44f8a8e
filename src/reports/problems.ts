/** A bounded, de-duplicated list of problems met while reading one input. */
import type { ReportProblem, ReportProblemCode } from "./types.ts";

/** At most this many distinct problems are kept per input; the rest are counted. */
export const MAX_PROBLEMS = 50;

export class ProblemList {
  readonly #seen = new Map<string, ReportProblem>();
  #dropped = 0;

  /** Adds a problem once per distinct message. */
  add(code: ReportProblemCode, message: string): void {
    const key = `${code}\u0000${message}`;
    if (this.#seen.has(key)) return;
    if (this.#seen.size >= MAX_PROBLEMS) {
      this.#dropped++;
      return;
    }
    this.#seen.set(key, { code, message });
  }

  /** The problems as plain data (with a last entry counting those dropped). */
  list(): ReportProblem[] {
    const out = [...this.#seen.values()];
    if (this.#dropped > 0)
      out.push({ code: "invalid-value", message: `${this.#dropped} more distinct problems not listed` });
    return out;
  }
}
