/**
 * The vocabulary of the report formatters: a formatter turns one {@link AuditReport} into the text
 * of one format (like an ESLint formatter: one file, one function, no I/O).
 */
import type { AuditReport } from "../audit/report-types.ts";
import type { RuleMeta } from "../rules/types.ts";

/** Options every formatter accepts; each uses the ones that apply to it. */
export interface FormatOptions {
  /** `text`: colour with ANSI escapes. Default false (the CLI decides from `--color`, `FORCE_COLOR`, `NO_COLOR` and the terminal). */
  color?: boolean;
  /**
   * `text`: the widest a line may be, in terminal columns: tables wrap inside their cells or become
   * one card per row, long lines wrap. Default 100 (`DEFAULT_TEXT_WIDTH`); the CLI passes the
   * terminal's width (or `COLUMNS`). `Infinity`: no limit, one line per table row.
   */
  width?: number;
  /**
   * `sarif`: the organisation file the audit read, as a URI relative to the repository root (and
   * its text, to point results at the line of the path or domain they are about).
   */
  artifact?: { uri: string; text?: string };
  /** `sarif`, `markdown`, `html`: richer rule help (title, description) for a rule id, when known. */
  ruleMeta?: (ruleId: string) => RuleMeta | undefined;
}

/** One output format. Pure: the same report and options give the same string. */
export type Formatter = (report: AuditReport, options?: FormatOptions) => string;
