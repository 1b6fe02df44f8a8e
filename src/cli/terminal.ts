/**
 * What the command line learns from the terminal and the environment: whether to colour, and how
 * wide a text report may be.
 *
 * Colours, first rule that applies:
 * 1. `--color` / `--no-color` on the command line;
 * 2. `FORCE_COLOR` set to anything but the empty string, `0` or `false`: colours
 *    (https://force-color.org); `FORCE_COLOR=0` or `false`: no colours (as Node.js and the
 *    supports-color library read it);
 * 3. `NO_COLOR` set and not empty: no colours (https://no-color.org);
 * 4. otherwise colours only when the stream is a terminal.
 * `FORCE_COLOR` wins over `NO_COLOR` as in Node.js itself: no-color.org says a per-invocation setting
 * overrides `NO_COLOR`, and `FORCE_COLOR` is one (`FORCE_COLOR=1 email-auth-audit ... | less -R`),
 * while `NO_COLOR` is usually a standing preference in a shell profile.
 */
import type { OutStream } from "./deps.ts";

/** The environment as the CLI reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What `FORCE_COLOR` asks: true (colours), false (none), or undefined (unset or empty: no say). */
export function forceColor(env: Env): boolean | undefined {
  const value = env.FORCE_COLOR;
  if (value === undefined || value === "") return undefined;
  return !["0", "false"].includes(value.trim().toLowerCase());
}

/** Whether to colour what goes to `stream`, by the rules above; `flag` is `--color` (true) or `--no-color` (false). */
export function colorWanted(stream: OutStream, env: Env, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const forced = forceColor(env);
  if (forced !== undefined) return forced;
  if ((env.NO_COLOR ?? "") !== "") return false;
  return stream.isTTY === true;
}

/** The width of a text report when neither `COLUMNS` nor a terminal says (the text formats' default). */
export const FALLBACK_WIDTH = 100;

/**
 * How wide a text report written to `stream` may be: `COLUMNS` when it is a whole number (as
 * POSIX shells and most tools read it), else the terminal's width when `stream` is a terminal,
 * else 100.
 */
export function outputWidth(stream: OutStream, env: Env): number {
  const columns = (env.COLUMNS ?? "").trim();
  if (/^\d{1,5}$/.test(columns) && Number(columns) > 0) return Number(columns);
  if (stream.isTTY === true && typeof stream.columns === "number" && stream.columns > 0) return stream.columns;
  return FALLBACK_WIDTH;
}
