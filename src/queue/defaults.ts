/** The queue's defaults, apart from the modules that load BullMQ and ioredis (the CLI's help needs them). */

/** The queue (and key prefix) name when none is given. */
export const DEFAULT_QUEUE_NAME = "email-auth-audit";

/**
 * Default most questions per second to one upstream resolver, all workers together: polite to a
 * shared or public resolver (public ones throttle heavy clients). Raise it (or 0: no limit) for a
 * resolver of your own.
 */
export const DEFAULT_RATE_LIMIT = 1000;

/** Default attempts of a domain that fails (a deadline, a check that throws) before it ends "not checked". */
export const DEFAULT_ATTEMPTS = 3;

/** Default first retry delay, ms (then doubled each attempt, with jitter). */
export const DEFAULT_BACKOFF_MS = 5000;
