/**
 * A linear pre-scan of YAML text for nesting deep enough to make the YAML parser slow: the `yaml`
 * package takes seconds per hundred thousand levels (2 MiB of `[` took 83 s and 2 GB; of `a: `,
 * 42 s). An organisation description nests a few levels; this refuses more than 64 open flow
 * collections (`[`, `{`), more than 64 block indicators (`- `, `: `, `? `) on one line, or an
 * indentation of more than 256 spaces, before the parser sees the text. Quoted scalars and
 * comments are skipped as YAML reads them (YAML 1.2 §7.3, §6.6), closely enough that what the
 * parser would nest is counted.
 */

/** The nesting bounds. */
export const YAML_NESTING = Object.freeze({ flow: 64, indicators: 64, indent: 256 });

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CR = 0x0d;

function isBlank(c: number | undefined): boolean {
  return c === undefined || c === SPACE || c === TAB || c === NEWLINE || c === CR;
}

/** Characters after which a quote starts a quoted scalar (and `#` a comment, for blanks). */
function startsToken(c: number | undefined): boolean {
  return isBlank(c) || c === 0x5b || c === 0x7b || c === 0x2c || c === 0x3a || c === 0x2d || c === 0x3f;
}

/** Why the text nests too deeply, with its line, or undefined. Linear in the text. */
export function yamlNestingProblem(text: string): { message: string; line: number } | undefined {
  let line = 1;
  let flow = 0;
  let indicators = 0;
  let indent = 0;
  let atLineStart = true;
  let quote: 0x22 | 0x27 | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const previous = i > 0 ? text.charCodeAt(i - 1) : undefined;
    if (c === NEWLINE) {
      line++;
      comment = false;
      indicators = 0;
      indent = 0;
      atLineStart = true;
      continue;
    }
    if (comment) continue;
    if (quote === 0x22) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quote = undefined;
      continue;
    }
    if (quote === 0x27) {
      if (c === 0x27) {
        if (text.charCodeAt(i + 1) === 0x27) i++;
        else quote = undefined;
      }
      continue;
    }
    if (atLineStart) {
      if (c === SPACE) {
        if (++indent > YAML_NESTING.indent)
          return { message: `indented more than ${YAML_NESTING.indent} spaces`, line };
        continue;
      }
      atLineStart = false;
    }
    if (c === 0x23 && isBlank(previous)) {
      comment = true;
    } else if ((c === 0x22 || c === 0x27) && startsToken(previous)) {
      quote = c;
    } else if (c === 0x5b || c === 0x7b) {
      if (++flow > YAML_NESTING.flow)
        return { message: `more than ${YAML_NESTING.flow} nested flow collections ([ or {)`, line };
    } else if (c === 0x5d || c === 0x7d) {
      flow = Math.max(0, flow - 1);
    } else if (
      (c === 0x2d || c === 0x3a || c === 0x3f) &&
      isBlank(i + 1 < text.length ? text.charCodeAt(i + 1) : undefined)
    ) {
      if (++indicators > YAML_NESTING.indicators)
        return { message: `more than ${YAML_NESTING.indicators} nested block indicators (- or :) on one line`, line };
    }
  }
  return undefined;
}
