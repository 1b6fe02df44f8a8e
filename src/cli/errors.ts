/**
 * An error the user can fix (a bad flag value, an unreadable or invalid file): the CLI prints its
 * message, without a stack, and exits 2.
 */
export class CliError extends Error {
  /** Further lines to print under the message (e.g. one per schema problem). */
  readonly details: readonly string[];
  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = "CliError";
    this.details = details;
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
