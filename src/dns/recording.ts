import { isAborted, resolveSafely } from "./answer.ts";
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
    // An aborted question says nothing about DNS, and a name that cannot exist is answered the same
    // way on replay without any record: record neither.
    if (!isAborted(answer) && answer.cause !== "invalid-name") {
      this.#answers.set(`${answer.name}|${String(answer.type).toUpperCase()}`, answer);
    }
    return answer;
  }

  /**
   * The recorded answers as a fixture (version 1). Every object keyed by input (owner names, types)
   * has a null prototype, so that names such as `__proto__` or `constructor` are plain owners.
   */
  toFixture(comment?: string): DnsFixture {
    const records = Object.create(null) as Record<string, FixtureOwner>;
    const existing = (name: string): FixtureOwner | undefined =>
      Object.hasOwn(records, name) ? records[name] : undefined;
    const owner = (name: string): FixtureOwner => {
      const key = normalizeName(name);
      const found = existing(key);
      if (found !== undefined) return found;
      const made = Object.create(null) as FixtureOwner;
      records[key] = made;
      return made;
    };
    const setTtl = (data: FixtureOwner, ttl: number) => {
      const current = typeof data.$ttl === "number" ? data.$ttl : undefined;
      if (current === undefined || ttl < current) data.$ttl = ttl;
    };
    // `$authenticated`: false wins over true (one unvalidated answer makes the owner unvalidated).
    const authenticate = (data: FixtureOwner, value: boolean) => {
      if (!value) data.$authenticated = false;
      else if (data.$authenticated === undefined) data.$authenticated = true;
    };
    const deniedAuth: [name: string, value: boolean][] = [];
    const sorted = [...this.#answers.values()].sort((a, b) => (a.name + a.type < b.name + b.type ? -1 : 1));
    for (const answer of sorted) {
      const type = String(answer.type).toUpperCase();
      // The aliases of the chain become CNAME owners; the data sits at the last name.
      let at = answer.name;
      for (const target of answer.cnameChain) {
        const data = owner(at);
        if (data.CNAME === undefined) data.CNAME = target;
        if (answer.authenticated === true) authenticate(data, true);
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
          // An absent owner is NXDOMAIN: record nothing at the last name (but keep the aliases).
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
          // Not representable exactly: replay it as the closest DNS outcome (unknown stays unknown).
          owner(at)[type] = { rcode: "SERVFAIL" };
          break;
      }
      if (answer.authenticated !== undefined) {
        if (answer.status === "nxdomain") deniedAuth.push([at, answer.authenticated]);
        else authenticate(owner(at), answer.authenticated);
      }
    }
    // A name that does not exist is authenticated (or not) by its closest recorded ancestor, as the
    // fixture resolver reads it back; with no recorded ancestor the AD bit of that answer is lost.
    for (const [name, value] of deniedAuth) {
      const labels = name.split(".");
      for (let i = 1; i < labels.length; i++) {
        const ancestor = existing(labels.slice(i).join("."));
        if (ancestor !== undefined) {
          authenticate(ancestor, value);
          break;
        }
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
