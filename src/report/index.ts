/**
 * The formatter registry: format name → formatter. Each formatter is one file, one function
 * (`(report, options) => string`), like ESLint's.
 */
import { formatHtml } from "./html.ts";
import { formatJson } from "./json.ts";
import { formatMarkdown } from "./markdown.ts";
import { formatSarif } from "./sarif.ts";
import { formatText } from "./text.ts";
import type { Formatter } from "./types.ts";

/** The format names, the default first. */
export const FORMAT_NAMES = ["text", "json", "markdown", "sarif", "html"] as const;

/** A format name. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Every formatter by name. */
export const formatters: Readonly<Record<FormatName, Formatter>> = Object.freeze({
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  html: formatHtml,
});

/** Whether `name` is a format name. */
export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}
