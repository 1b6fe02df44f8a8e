import { resolveSafely } from "./answer.ts";
import type { DnsFixture, FixtureOwner } from "./fixture/types.ts";
import { normalizeName } from "./names.ts";
import type { DnsAnswer, MxRecord, ResolveOptions, Resolver, RRType } from "./types.ts";

/**
 * Passes every question to `inner` and remembers every answer, so that a run against real DNS can
 * be replayed offline: `toFixture()` returns a version 1 fixture that {@link FixtureResolver}
 * answers the same way (same statuses, records and CNAME chains).
 */
export class RecordingResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #answers = new Map<string, DnsAnswer>();
  readonly #now: () => Date;

  constructor(inner: Resolver, options: { now?: () => Date } = {}) {
    this.#inner = inner;
    this.#now = options.now ?? (() => new Date());
  }

  /** Every distinct answer seen so far (the latest for each name and type). */
  get answers(): DnsAnswer[] {
    return [...this.#answers.values()];
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const answer = await resolveSafely(this.#inner, name, type, options);
    // An aborted question says nothing about DNS; do not record it.
    if (!(answer.status === "error" && answer.detail?.startsWith("aborted"))) {
      this.#answers.set(`${answer.name}|${String(answer.type).toUpperCase()}`, answer);
    }
    return answer;
  }

  /** The recorded answers as a fixture (version 1). */
  toFixture(comment?: string): DnsFixture {
    const records: Record<string, FixtureOwner> = {};
    const owner = (name: string): FixtureOwner => (records[normalizeName(name)] ??= {});
    const setTtl = (data: FixtureOwner, ttl: number) => {
      const current = typeof data.$ttl === "number" ? data.$ttl : undefined;
      if (current === undefined || ttl < current) data.$ttl = ttl;
    };
    const sorted = [...this.#answers.values()].sort((a, b) => (a.name + a.type < b.name + b.type ? -1 : 1));
    for (const answer of sorted) {
      const type = String(answer.type).toUpperCase();
      // The aliases of the chain become CNAME owners; the data sits at the last name.
      let at = answer.name;
      for (const target of answer.cnameChain) {
        const data = owner(at);
        if (data.CNAME === undefined) data.CNAME = target;
        at = target;
      }
      switch (answer.status) {
        case "ok": {
          const data = owner(at);
          data[type] = convert(type, answer.records);
          if (answer.ttl > 0) setTtl(data, answer.ttl);
          break;
        }
        case "nodata":
          owner(at)[type] ??= [];
          break;
        case "nxdomain":
          // An absent owner is NXDOMAIN; record nothing at the last name (but keep the aliases).
          if (answer.cnameChain.length === 0 && records[answer.name] === undefined) break;
          break;
        case "servfail":
          owner(at)[type] = { rcode: "SERVFAIL" };
          break;
        case "refused":
          owner(at)[type] = { rcode: "REFUSED" };
          break;
        case "timeout":
          owner(at)[type] = { timeout: true };
          break;
        case "error":
          // Not representable exactly: replay it as the closest DNS outcome.
          owner(at)[type] = { rcode: "SERVFAIL" };
          break;
      }
    }
    const fixture: DnsFixture = { version: 1, recordedAt: this.#now().toISOString(), records };
    if (comment !== undefined) fixture.$comment = comment;
    return fixture;
  }
}

function convert(type: string, records: unknown[]): FixtureOwner[string] {
  if (type === "TXT" || type === "SPF")
    return (records as string[][]).map((strings) => (strings.length === 1 ? (strings[0] ?? "") : [...strings]));
  if (type === "MX") return (records as MxRecord[]).map((mx) => ({ preference: mx.preference, exchange: mx.exchange }));
  return (records as string[]).map(String);
}
