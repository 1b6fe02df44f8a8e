/**
 * Reading a plan's zone-file fragment back (RFC 1035 §5.1: quoted strings with `\"`, `\\` and
 * `\DDD`, `;` comments outside quotes) and applying it to a DNS fixture: each RRset in the
 * fragment replaces the fixture's, each `; REMOVE name TYPE` deletes one. For the tests: the
 * fragment, applied to the scenario's DNS, must give the plan's `after` audit.
 */
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";

export interface ParsedFragment {
  /** Owner (lower case, no final dot) → type → records in fixture shape. */
  rrsets: Map<string, Map<string, unknown[]>>;
  removals: { name: string; type: string }[];
}

/** Splits a line into fields: quoted strings (unescaped to bytes, then UTF-8), bare words; stops at a `;` outside quotes. */
export function fields(line: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  let i = 0;
  const decode = (raw: number[]): string => Buffer.from(raw).toString("utf8");
  while (i < line.length) {
    const ch = line[i] ?? "";
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    if (ch === ";") break;
    const quoted = ch === '"';
    if (quoted) i++;
    const bytes: number[] = [];
    while (i < line.length) {
      const c = line[i] ?? "";
      if (quoted ? c === '"' : c === " " || c === "\t" || c === ";") break;
      if (c === "\\") {
        const digits = /^\d{3}/.exec(line.slice(i + 1));
        if (digits !== null) {
          bytes.push(Number(digits[0]));
          i += 4;
        } else {
          bytes.push(...Buffer.from(line[i + 1] ?? "", "utf8"));
          i += 2;
        }
        continue;
      }
      bytes.push(...Buffer.from(c, "utf8"));
      i++;
    }
    if (quoted) {
      if (line[i] !== '"') throw new Error(`unterminated string in: ${line}`);
      i++;
    }
    out.push({ text: decode(bytes), quoted });
  }
  return out;
}

const owner = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** Parses a fragment as the `zone` format writes it: `name. TTL IN TYPE data`, one record a line. */
export function parseFragment(text: string): ParsedFragment {
  const rrsets = new Map<string, Map<string, unknown[]>>();
  const removals: { name: string; type: string }[] = [];
  for (const line of text.split("\n")) {
    const removal = /^; REMOVE (\S+) (\S+):/.exec(line);
    if (removal !== null) {
      removals.push({ name: owner(removal[1] ?? ""), type: removal[2] ?? "" });
      continue;
    }
    const f = fields(line);
    if (f.length === 0) continue;
    const [name, ttl, klass, type, ...data] = f;
    if (name === undefined || ttl === undefined || klass?.text !== "IN" || type === undefined)
      throw new Error(`not a record line: ${line}`);
    if (!name.text.endsWith(".")) throw new Error(`owner name is not absolute: ${line}`);
    if (!/^\d+$/.test(ttl.text)) throw new Error(`bad TTL: ${line}`);
    let record: unknown;
    if (type.text === "TXT") {
      if (!data.every((d) => d.quoted)) throw new Error(`unquoted TXT data: ${line}`);
      for (const d of data)
        if (Buffer.byteLength(d.text, "utf8") > 255) throw new Error(`a string over 255 octets: ${line}`);
      record = data.map((d) => d.text);
    } else if (type.text === "MX") {
      const exchange = data[1]?.text ?? "";
      record = { preference: Number(data[0]?.text), exchange: exchange === "." ? "" : owner(exchange) };
    } else if (type.text === "CNAME" || type.text === "NS" || type.text === "PTR") record = owner(data[0]?.text ?? "");
    else record = data.map((d) => d.text).join(" ");
    const types = rrsets.get(owner(name.text)) ?? new Map<string, unknown[]>();
    types.set(type.text, [...(types.get(type.text) ?? []), record]);
    rrsets.set(owner(name.text), types);
  }
  return { rrsets, removals };
}

/** The fixture with the fragment applied (a copy). */
export function applyFragment(fixture: DnsFixture, fragment: ParsedFragment): DnsFixture {
  const records: Record<string, FixtureOwner> = {};
  for (const [name, data] of Object.entries(fixture.records)) records[owner(name)] = { ...data };
  const at = (name: string): FixtureOwner => {
    records[name] ??= {};
    return records[name] as FixtureOwner;
  };
  for (const { name, type } of fragment.removals) delete at(name)[type];
  for (const [name, types] of fragment.rrsets)
    for (const [type, list] of types) {
      const o = at(name);
      (o as Record<string, unknown>)[type] = type === "CNAME" ? list[0] : list;
    }
  return { ...fixture, records };
}
