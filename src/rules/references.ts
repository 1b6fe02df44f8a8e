import type { Reference } from "./types.ts";

/** A reference to an RFC section, linked to the RFC Editor's HTML. */
export function rfc(number: number, section: string): Reference {
  const anchor = /^[A-Z]\./.test(section) ? `appendix-${section}` : `section-${section}`;
  return { label: `RFC ${number} §${section}`, url: `https://www.rfc-editor.org/rfc/rfc${number}#${anchor}` };
}

/** A vendor document. */
export function doc(label: string, url: string): Reference {
  return { label, url };
}
