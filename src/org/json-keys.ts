/**
 * Duplicate keys in JSON text. RFC 8259 §4 says names SHOULD be unique and leaves duplicates'
 * meaning open; JSON.parse silently keeps the last one, so a description that says two things
 * would pass. The organisation format makes them errors. One pass over text that JSON.parse has
 * already accepted, with no tree built: linear time, memory for the keys of the open objects only.
 */

/** A key seen twice in one object: the key, and where its second occurrence starts. */
export interface DuplicateKey {
  key: string;
  /** Character offset of the key's opening quote. */
  offset: number;
  line: number;
  column: number;
}

/** Most duplicates reported (the first ones; a problem list says how many more there are anyway). */
const MAX_REPORTED = 1_000;

/** The index just past the string literal that starts at `start` (a `"`). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return text.length;
}

/**
 * The duplicate keys of valid JSON text (call it after JSON.parse succeeded), in text order, at
 * most 1,000. Keys compare after unescaping (`"a"` and `"\u0061"` are the same key).
 */
export function jsonDuplicateKeys(text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  // One entry per open object (its keys so far) or array (null).
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length && out.length < MAX_REPORTED) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = endOfString(text, i);
      const keys = stack.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (keys.has(key)) out.push({ key, offset: i, line, column: i - lineStart + 1 });
        else keys.add(key);
      }
      expectKey = false;
      i = end;
      continue;
    }
    if (c === 0x7b) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = stack.at(-1) instanceof Set;
    } else if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i++;
  }
  return out;
}
