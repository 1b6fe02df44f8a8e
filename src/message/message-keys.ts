/**
 * The keys of the signatures a message verification checks, read by this library's key reader
 * (`lookupDkimKey`, RFC 6376 §3.6.1, §6.1.2) and handed to the verifier in one canonical form
 * (`canonicalDkimKey`), so that the verifier never reads a key record this library would refuse.
 * Every DNS question of the verification goes through one resolver that asks each (name, type)
 * once.
 */
import { dkimKeyName } from "../dkim/key-name.ts";
import { canonicalDkimKey } from "../dkim/key-record.ts";
import { lookupDkimKey } from "../dkim/lookup.ts";
import type { DkimKeyLookup } from "../dkim/types.ts";
import { failedAnswer, recordsAnswer, resolveSafely } from "../dns/answer.ts";
import { normalizeName } from "../dns/names.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../dns/types.ts";
import type { SignatureField } from "./message-header.ts";
import type { VerifyMessageOptions } from "./verify-types.ts";

/** A resolver that asks each (name, type) once for the whole call, so the verifier and our lookups share answers. */
function onceResolver(inner: Resolver): Resolver {
  const answers = new Map<string, Promise<DnsAnswer>>();
  return {
    resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      const key = `${normalizeName(name)}\u0000${type}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = resolveSafely(inner, name, type, options);
        answers.set(key, answer);
      }
      return answer as Promise<DnsAnswer<T>>;
    },
  };
}

/**
 * The key name of a signature (`<s>._domainkey.<d>`, in A-labels as the verifier asks it, RFC 8616
 * §4), or undefined without d= or s=.
 */
export function keyNameOf(signature: Pick<SignatureField, "domain" | "selector">): string | undefined {
  if (signature.domain === "" || signature.selector === "") return undefined;
  const name = dkimKeyName(signature.selector, signature.domain);
  return name.ok ? name.name : normalizeName(`${signature.selector}._domainkey.${signature.domain}`);
}

/** The key lookups of the verified signatures (one per key name, started at once) and the shared resolver. */
export class MessageKeys {
  /** Every DNS question of the verification (keys, SPF, DMARC) goes through it, once each. */
  readonly resolver: Resolver;
  readonly #lookups = new Map<string, Promise<DkimKeyLookup>>();

  constructor(signatures: readonly SignatureField[], options: VerifyMessageOptions) {
    this.resolver = onceResolver(options.resolver);
    for (const signature of signatures) {
      const name = keyNameOf(signature);
      if (name === undefined || this.#lookups.has(name)) continue;
      this.#lookups.set(
        name,
        lookupDkimKey(signature.selector, signature.domain, {
          resolver: this.resolver,
          signal: options.signal,
          providerOf: options.providerOf,
        }),
      );
    }
  }

  /** Whether `name` is the key of a verified signature (the verifier may ask for no other). */
  allows(name: string): boolean {
    return this.#lookups.has(normalizeName(name));
  }

  /** The lookup of a key name, if it is a verified signature's. */
  lookup(name: string): Promise<DkimKeyLookup> | undefined {
    return this.#lookups.get(normalizeName(name));
  }

  /** Every lookup, by key name, once all have finished (they never reject). */
  async all(): Promise<Map<string, DkimKeyLookup>> {
    const entries = await Promise.all([...this.#lookups].map(async ([name, p]) => [name, await p] as const));
    return new Map(entries);
  }
}

/**
 * The resolver the verifier asks: the key records of verified signatures come from the key reader
 * (a key it accepts, in canonical form; a key it refuses, as a failed question, which the verifier
 * reports as a DNS failure and {@link keyVerdict} turns into the key's own result); every other
 * question goes to the shared resolver.
 */
export function verifierResolver(keys: MessageKeys): Resolver {
  return {
    async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      const pending = type === "TXT" ? keys.lookup(name) : undefined;
      if (pending === undefined) return keys.resolver.resolve(name, type, options);
      const lookup = await pending;
      const canonical = lookup.status === "ok" && lookup.record !== null ? canonicalDkimKey(lookup.record) : undefined;
      if (canonical === undefined)
        return failedAnswer(name, type, "error", `the key reader refused the key record (${lookup.status})`);
      return recordsAnswer(name, type, [[canonical]] as never[], lookup.evidence[0]?.ttl ?? 0);
    },
  };
}
