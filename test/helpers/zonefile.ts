import type { DnsFixture, FixtureMx, FixtureTxt } from "../../src/dns/fixture/types.ts";
import { normalizeName } from "../../src/dns/names.ts";

/** Quotes a TXT character-string for an RFC 1035 zone file (§5.1: `"` and `\` escaped, non-ASCII as \DDD). */
function quote(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, "utf8")) {
    if (byte === 0x22 || byte === 0x5c) out += "\\" + String.fromCharCode(byte);
    else if (byte < 0x20 || byte > 0x7e) out += "\\" + String(byte).padStart(3, "0");
    else out += String.fromCharCode(byte);
  }
  return out + '"';
}

/**
 * Writes the part of a fixture that lies inside `origin` as an RFC 1035 zone file for a real
 * authoritative server. Failures ({rcode}, {timeout}) cannot be expressed in a zone and are left out.
 */
export function fixtureToZoneFile(fixture: DnsFixture, origin: string): string {
  // The root zone "." holds every owner: one server then answers for every name a run can ask.
  const root = origin === "." || origin === "";
  const apex = root ? "" : normalizeName(origin);
  const lines = root
    ? [
        `$ORIGIN .`,
        `$TTL 300`,
        `. 300 IN SOA ns.root.invalid. hostmaster.root.invalid. 1 3600 600 86400 60`,
        `. 300 IN NS ns.root.invalid.`,
        `ns.root.invalid. 300 IN A 127.0.0.1`,
      ]
    : [
        `$ORIGIN ${apex}.`,
        `$TTL 300`,
        `@ 300 IN SOA ns.${apex}. hostmaster.${apex}. 1 3600 600 86400 60`,
        `@ 300 IN NS ns.${apex}.`,
        `ns 300 IN A 127.0.0.1`,
      ];
  for (const [rawOwner, data] of Object.entries(fixture.records)) {
    const owner = normalizeName(rawOwner);
    if (!root && owner !== apex && !owner.endsWith(`.${apex}`)) continue;
    const ttl = typeof data.$ttl === "number" ? data.$ttl : typeof data.$ttl === "object" ? data.$ttl.ttl : 300;
    for (const [type, value] of Object.entries(data)) {
      if (type.startsWith("$") || type === "*" || value === undefined) continue;
      if (typeof value === "object" && !Array.isArray(value)) continue;
      const list = Array.isArray(value) ? value : [value];
      for (const rr of list as unknown[]) {
        let rdata: string;
        if (type === "TXT" || type === "SPF") {
          const strings = typeof rr === "string" ? [rr] : (rr as FixtureTxt as string[]);
          rdata = strings.map(quote).join(" ");
        } else if (type === "MX") {
          const mx = rr as FixtureMx;
          rdata = `${mx.preference} ${mx.exchange === "" || mx.exchange === "." ? "." : `${normalizeName(mx.exchange)}.`}`;
        } else if (type === "CNAME" || type === "PTR" || type === "NS") {
          rdata = `${normalizeName(String(rr))}.`;
        } else {
          rdata = String(rr);
        }
        lines.push(`${owner}. ${ttl} IN ${type} ${rdata}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}
