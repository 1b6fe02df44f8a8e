/**
 * mailauth's SPF (the peer we compare with) driven by one of our Resolvers: an adapter to the
 * `dns.promises.resolve(name, type)` shape mailauth takes (`err.code` ENOTFOUND for NXDOMAIN,
 * ENODATA for NODATA, ETIMEOUT, ESERVFAIL, EREFUSED), used by the SPF differential test and the
 * SPF benchmark.
 */
import { createRequire } from "node:module";
import { resolveSafely } from "../../src/dns/answer.ts";
import type { MxRecord, Resolver } from "../../src/dns/types.ts";

/** A resolver in the shape of `dns.promises.resolve`. */
export type NodeStyleResolver = (name: string, type: string) => Promise<unknown[]>;

/** The options of mailauth's `spf()` that we use. */
export interface MailauthSpfOptions {
  sender: string;
  ip: string;
  helo: string;
  mta?: string;
  resolver: NodeStyleResolver;
  strict?: boolean;
  maxVoidCount?: number;
  maxResolveCount?: number;
}

/** What we read from mailauth's result. */
export interface MailauthSpfResult {
  status: { result: string; comment?: string };
  explanation?: string;
  lookups?: { count: number; void: number };
}

const require = createRequire(import.meta.url);
/** mailauth's SPF entry point (CommonJS). */
export const mailauthSpf = (
  require("mailauth/lib/spf") as { spf: (opts: MailauthSpfOptions) => Promise<MailauthSpfResult> }
).spf;

const CODES: Record<string, string> = {
  nxdomain: "ENOTFOUND",
  nodata: "ENODATA",
  timeout: "ETIMEOUT",
  servfail: "ESERVFAIL",
  refused: "EREFUSED",
};

/** Adapts a Resolver to mailauth's resolver option. */
export function toNodeStyle(resolver: Resolver): NodeStyleResolver {
  return async (name, type) => {
    const answer = await resolveSafely(resolver, name, type);
    if (answer.status === "ok") {
      if (type === "MX")
        return (answer.records as unknown as MxRecord[]).map((mx) => ({
          exchange: mx.exchange,
          priority: mx.preference,
        }));
      return answer.records as unknown[];
    }
    const code = CODES[answer.status] ?? (answer.detail?.includes("invalid name") ? "EBADNAME" : "ESERVFAIL");
    throw Object.assign(new Error(`${code} ${name} ${type}`), { code });
  };
}
