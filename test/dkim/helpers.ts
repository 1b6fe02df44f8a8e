/** Test helpers for the DKIM suite: fixture paths and the upstream DNS data as FixtureResolvers. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/dkim/", import.meta.url));
export const CONFORMANCE = `${FIXTURES}conformance/`;

export function readFixture(path: string): Buffer {
  return readFileSync(`${FIXTURES}${path}`);
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${path}`, "utf8")) as T;
}

/** A `{name: "TXT value"}` map (the derived upstream files; keys starting "_" are not DNS data). */
export function resolverFromTxtMap(map: Record<string, unknown>): FixtureResolver {
  const records: Record<string, { TXT: string[] }> = {};
  for (const [name, value] of Object.entries(map)) {
    if (name.startsWith("_") || typeof value !== "string") continue;
    records[name] = { TXT: [value] };
  }
  return new FixtureResolver({ version: 1, records });
}

/** mailauth's `{name: {TXT: [[string, ...], ...]}}` zone (one RR per inner list). */
export function resolverFromMailauthZone(zone: Record<string, { TXT: string[][] }>): FixtureResolver {
  const records: Record<string, { TXT: string[][] }> = {};
  for (const [name, owner] of Object.entries(zone)) records[name] = { TXT: owner.TXT };
  return new FixtureResolver({ version: 1, records });
}

/** Wraps a resolver and logs every question. */
export class LoggingResolver implements Resolver {
  readonly log: { name: string; type: string }[] = [];
  readonly #inner: Resolver;
  constructor(inner: Resolver) {
    this.#inner = inner;
  }
  resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    this.log.push({ name: name.toLowerCase(), type });
    return this.#inner.resolve(name, type, options);
  }
}

/** Converts LF line endings to CRLF (as go-msgauth's tests do before verifying). */
export function toCrlf(data: Buffer): Buffer {
  return Buffer.from(data.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}
