/**
 * The deepest chain of dependent DNS questions in a run, from the data alone: a question depends
 * on an earlier answer when that answer's records name it (an include or redirect target, a CNAME
 * target, an MX exchange, a report address's domain...). Questions nothing names (the domains,
 * selectors and hosts the description gives, the DMARC tree-walk names) are roots, depth 1. This
 * is the wall-time floor of an ideal resolver client: depth × round trip.
 */
import { joinTxt } from "../../src/dns/answer.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";

interface Entry {
  key: string;
  name: string;
  asked: number;
  answered: number;
  text: string;
  depth: number;
}

function recordText(answer: DnsAnswer): string {
  return [
    ...answer.cnameChain,
    ...answer.records.map((r) =>
      Array.isArray(r) ? joinTxt(r as string[]) : typeof r === "object" && r !== null ? JSON.stringify(r) : String(r),
    ),
  ]
    .join(" ")
    .toLowerCase();
}

/** Wraps a resolver (give it some latency so that "before" is clear) and computes the depth. */
export class CausalDepthResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #entries: Entry[] = [];
  readonly #started = performance.now();
  constructor(inner: Resolver) {
    this.#inner = inner;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const asked = performance.now() - this.#started;
    const lower = name.toLowerCase();
    // The name, or (for _dmarc/_domainkey/_report names) the domain part an answer would name.
    const stems = [lower, lower.replace(/^.*\._report\._dmarc\./, ""), lower.replace(/^_dmarc\./, "")];
    let depth = 1;
    for (const e of this.#entries) {
      if (
        e.answered <= asked &&
        stems.some(
          (s) =>
            s !== "" &&
            new RegExp(`(^|[^a-z0-9.-])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9-])`).test(e.text),
        )
      )
        depth = Math.max(depth, e.depth + 1);
    }
    const answer = await this.#inner.resolve(name, type, options);
    this.#entries.push({
      key: `${lower}|${type}`,
      name: lower,
      asked,
      answered: performance.now() - this.#started,
      text: recordText(answer),
      depth,
    });
    return answer;
  }

  get depth(): number {
    return Math.max(0, ...this.#entries.map((e) => e.depth));
  }
}
