/**
 * Fetching reports from a mailbox over IMAP (imapflow) into a store. TLS is required: `imaps://`
 * (implicit TLS, RFC 8314) or `imap://` upgraded with STARTTLS (refused if the server does not
 * offer it). The password comes from an environment variable, never from the URL or the
 * command line. What was imported (or was already stored) is moved to another folder or flagged;
 * messages that held nothing importable are left where they are, and logged.
 */
import type { ConnectionOptions } from "node:tls";
import { ImapFlow } from "imapflow";
import type { Budget } from "./bytes.ts";
import { fromBytes } from "./bytes.ts";
import { expand } from "./expand.ts";
import { importItems } from "./import.ts";
import { type ReportLimits, resolveLimits } from "./limits.ts";
import type { ReportStore } from "./store-types.ts";

/** The keyword set on messages imported in "flag" mode (RFC 9051 §2.3.2 keywords). */
export const IMPORTED_KEYWORD = "$ReportImported";

/** Options of `fetchReportsFromImap`. */
export interface ImapFetchOptions {
  /** `imaps://user@host[:port]` or `imap://user@host[:port]` (STARTTLS required). No password. */
  url: string;
  /** The folder to read, e.g. "INBOX" or "DMARC". */
  folder: string;
  /** Name of the environment variable holding the password. */
  passwordEnv: string;
  store: ReportStore;
  /** "move" to `moveTo`, or "flag" with \Seen and `$ReportImported` (and skip flagged ones next time). */
  after: "move" | "flag";
  /** Destination folder for "move" (created if missing). Default `<folder>.Imported`. */
  moveTo?: string;
  /** Extra TLS options (a private CA for a test server, for example). */
  tls?: ConnectionOptions;
  limits?: Partial<ReportLimits>;
  /** Messages read per run. Default 10,000. */
  maxMessages?: number;
  /** Environment to read the password from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** What a fetch did. */
export type ImapFetchResult =
  | {
      ok: true;
      messages: number;
      imported: number;
      duplicates: number;
      refused: number;
      /** Messages moved or flagged. */
      done: number;
    }
  | { ok: false; error: string };

/** Reads every report message of `folder` into `store`. Never throws. */
export async function fetchReportsFromImap(options: ImapFetchOptions): Promise<ImapFetchResult> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return { ok: false, error: `not a URL: ${JSON.stringify(options.url)}` };
  }
  if (url.protocol !== "imaps:" && url.protocol !== "imap:")
    return { ok: false, error: "the URL must start with imaps:// or imap:// (STARTTLS)" };
  if (url.password !== "")
    return { ok: false, error: `no password in the URL: put it in the environment variable ${options.passwordEnv}` };
  const password = (options.env ?? process.env)[options.passwordEnv];
  if (password === undefined || password === "")
    return { ok: false, error: `the environment variable ${options.passwordEnv} (the IMAP password) is not set` };
  const user = decodeURIComponent(url.username);
  if (user === "") return { ok: false, error: "the URL names no user (imaps://user@host)" };
  const secure = url.protocol === "imaps:";
  const client = new ImapFlow({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (secure ? 993 : 143) : Number(url.port),
    secure,
    doSTARTTLS: secure ? undefined : true,
    auth: { user, pass: password },
    logger: false,
    disableAutoIdle: true,
    tls: options.tls ?? {},
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (e) {
    return { ok: false, error: `cannot log in to ${url.host}: ${(e as Error).message}` };
  }
  try {
    return await fetchFolder(client, options);
  } catch (e) {
    return { ok: false, error: `IMAP error: ${(e as Error).message}` };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function fetchFolder(client: ImapFlow, options: ImapFetchOptions): Promise<ImapFetchResult> {
  const limits = resolveLimits(options.limits);
  const moveTo = options.moveTo ?? `${options.folder}.Imported`;
  if (options.after === "move") await client.mailboxCreate(moveTo).catch(() => undefined);
  const lock = await client.getMailboxLock(options.folder);
  const result = { ok: true as const, messages: 0, imported: 0, duplicates: 0, refused: 0, done: 0 };
  try {
    const query = options.after === "flag" ? { unKeyword: IMPORTED_KEYWORD } : { all: true };
    const uids = ((await client.search(query, { uid: true })) || []).slice(0, options.maxMessages ?? 10_000);
    const finished: number[] = [];
    for (const uid of uids) {
      result.messages++;
      const name = `imap:${options.folder}/${uid}`;
      const meta = await client.fetchOne(String(uid), { size: true }, { uid: true });
      let summary: { imported: number; duplicates: number; refused: number };
      if (meta !== false && (meta.size ?? 0) > limits.maxBufferBytes) {
        await options.store.logFile({
          at: new Date().toISOString(),
          file: name,
          name,
          kind: null,
          outcome: "refused",
          reason: "too-large",
          message: `the message is larger than ${limits.maxBufferBytes} bytes (limit maxBufferBytes)`,
          reporter: null,
          reportId: null,
          policyDomain: null,
          records: null,
        });
        summary = { imported: 0, duplicates: 0, refused: 1 };
      } else {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        const source = message === false ? undefined : message.source;
        const budget: Budget = { inputBytes: source?.byteLength ?? 0, producedBytes: 0 };
        const items = expand(name, fromBytes(source ?? new Uint8Array(0)), {
          file: name,
          limits,
          budget,
          inputSize: source?.byteLength,
          zipPath: undefined,
        });
        summary = await importItems(items, options.store, { limits });
      }
      result.imported += summary.imported;
      result.duplicates += summary.duplicates;
      result.refused += summary.refused;
      if (summary.refused === 0 && summary.imported + summary.duplicates > 0) finished.push(uid);
    }
    if (finished.length > 0) {
      const range = finished.join(",");
      if (options.after === "move") await client.messageMove(range, moveTo, { uid: true });
      else await client.messageFlagsAdd(range, ["\\Seen", IMPORTED_KEYWORD], { uid: true });
      result.done = finished.length;
    }
  } finally {
    lock.release();
  }
  return result;
}
