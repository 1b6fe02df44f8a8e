/**
 * Values that are ready now or later. The evaluator returns a plain value when it can finish
 * without waiting (answers and records from the SpfCache, terms that ask nothing) and a promise
 * only when DNS must really be asked, so a warm evaluation makes no promise per term.
 */

/** A value now, or later. */
export type Maybe<T> = T | Promise<T>;

/** Applies `f` to a value now, or when it arrives. */
export function andThen<T, U>(value: Maybe<T>, f: (v: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** All the values, now when none is pending. */
export function allOf<T>(values: Maybe<T>[]): Maybe<T[]> {
  return values.some((v) => v instanceof Promise) ? Promise.all(values) : (values as T[]);
}
