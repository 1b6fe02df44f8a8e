/** Flag values with units, for commander's `argParser`. */
import { InvalidArgumentError } from "commander";

/** A number of seconds from `min` to `max` (decimals allowed: `0.5`). */
export function seconds(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a number of seconds from ${min} to ${max}.`);
    return n;
  };
}
