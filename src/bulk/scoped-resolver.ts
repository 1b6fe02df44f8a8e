/**
 * Which questions of a domain's check are worth sharing with the other domains of a run: the
 * names outside the domain (a provider's SPF include, its DKIM hosts, a parent's `_dmarc`) are
 * asked by many domains; the names at or below the domain itself (its TXT and MX, its dozens of
 * DKIM selector probes) by this check alone. The first go through the shared cache (in the
 * process, or Redis for the queue); the second straight to the resolver, so that they do not
 * crowd the shared cache out.
 */
import { resolveSafely } from "../dns/answer.ts";
import { normalizeName } from "../dns/names.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../dns/types.ts";

/** Whether `name` is `domain` or below it. */
export function isAtOrBelow(name: string, domain: string): boolean {
  const n = normalizeName(name);
  const d = normalizeName(domain);
  return n === d || n.endsWith(`.${d}`);
}

/** Names at or below `domain` go to `own`, the others to `shared`. */
export class ScopedResolver implements Resolver {
  readonly #domain: string;
  readonly #shared: Resolver;
  readonly #own: Resolver;

  constructor(domain: string, shared: Resolver, own: Resolver) {
    this.#domain = normalizeName(domain);
    this.#shared = shared;
    this.#own = own;
  }

  resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    return resolveSafely(isAtOrBelow(name, this.#domain) ? this.#own : this.#shared, name, type, options);
  }
}
