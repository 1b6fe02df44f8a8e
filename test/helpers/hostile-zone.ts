/**
 * A hostile DNS zone for the tests of issue 18: what anyone may publish for their own domain, aimed
 * at the reports that audit it. Every domain `dN.hostile.test` publishes:
 *
 * - at its apex, a broken SPF record whose text holds a Markdown heading, link, image and table
 *   after newlines, terminal escapes, bidi overrides, zero-width and tag characters, a SARIF
 *   embedded link and raw HTML; then junk TXT records up to `junkBytes` (about 50 KB by default);
 * - two DMARC records (so, none applies) with the same payloads, and junk;
 * - DKIM keys at common selectors whose `p=` is junk (invalid keys), with junk records beside them,
 *   and a selector CNAME to a name that does not exist;
 * - an MX to a host of its own;
 *
 * and includes a shared SPF record of 50 KB (`big.hostile.test`) and a shared include chain 30 deep
 * (`chain1.hostile.test` ...), so that every finding has evidence to amplify. Served as a fixture
 * (in process) or on loopback by `startHostileServer({ zone })` (test/helpers/hostile-dns.ts).
 */
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";

/** The zone's suffix. */
export const HOSTILE_SUFFIX = "hostile.test";

/** Text aimed at each report format (and at terminals). */
export const PAYLOADS: readonly string[] = [
  "\n# Injected heading\n[click me](https://evil.example/phish) ![img](https://evil.example/pixel.png)\n| a | b |\n|---|---|\n| c | d |\n",
  "<script>alert(1)</script><img src=x onerror=alert(1)><a href='https://evil.example'>x</a>",
  "\u001b[31mRED\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 fake\rOK \u0085next",
  "\u202eevil\u202c \u2066iso\u2069 \u061c\u200e\u200f",
  "zero\u200bwidth\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff",
  "tags\u{e0001}\u{e0041}\u{e0042}\u{e007f} sep\u2028line\u2029para",
  "[sarif link](https://evil.example/sarif) \\[escaped\\]",
  "```\n# fence break\n```\n    indented\n> quote\n- item\n1. item\n---\n",
  "www.evil.example https://evil.example/a @someone #123 user@evil.example $x^2$",
  "`code` **bold** _em_ ~~strike~~ &amp; &#60;tag&#62; <!-- comment -->",
];

/** One string holding every payload. */
export const ALL_PAYLOADS = PAYLOADS.join(" ");

/** Splits text into TXT character-strings of at most 60 characters (at most 240 bytes in UTF-8). */
export function txtStrings(text: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += 60) out.push(chars.slice(i, i + 60).join(""));
  return out.length > 0 ? out : [""];
}

/** TXT records of junk (each about 1 KB, payloads mixed in) adding up to `bytes`. */
export function junk(bytes: number, seed: string): string[][] {
  const records: string[][] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = `junk-${seed}-${i} ${PAYLOADS[i % PAYLOADS.length]} ${"x".repeat(900)}`;
    records.push(txtStrings(text));
    size += Buffer.byteLength(text);
  }
  return records;
}

/** A broken SPF record carrying every payload. */
export function hostileSpf(domain: string): string {
  return `v=spf1 include:big.${HOSTILE_SUFFIX} include:chain1.${HOSTILE_SUFFIX} ip4:192.0.2.1 ${ALL_PAYLOADS} ~all ${domain}`;
}

/** Options of {@link hostileFixture}. */
export interface HostileZoneOptions {
  /** Junk TXT bytes beside each real record (default 50,000: about 50 KB per answer). */
  junkBytes?: number | ((domain: string) => number);
  /** DKIM selectors with junk keys (default: selector1, google, default, k1, s1). */
  selectors?: readonly string[];
  /** The apex SPF record of a domain (default {@link hostileSpf}: every payload, the big include and the chain). */
  spf?: (domain: string) => string;
}

/** The shared names every hostile domain includes. */
function shared(records: Record<string, FixtureOwner>, junkBytes: number): void {
  const ips = Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i + 1}`).join(" ");
  records[`big.${HOSTILE_SUFFIX}`] = {
    TXT: [txtStrings(`v=spf1 ${ips} ${PAYLOADS[0]} -all`), ...junk(junkBytes, "big")],
  };
  for (let i = 1; i <= 30; i++) {
    records[`chain${i}.${HOSTILE_SUFFIX}`] = {
      TXT: [
        txtStrings(
          `v=spf1 ${i < 30 ? `include:chain${i + 1}.${HOSTILE_SUFFIX} ` : ""}${PAYLOADS[i % PAYLOADS.length]} -all`,
        ),
        ...junk(2_000, `chain${i}`),
      ],
    };
  }
}

/** The records of one hostile domain. */
export function hostileDomain(
  records: Record<string, FixtureOwner>,
  domain: string,
  junkBytes: number,
  selectors: readonly string[],
  spf: string = hostileSpf(domain),
): void {
  records[domain] = {
    TXT: [txtStrings(spf), ...junk(junkBytes, domain)],
    MX: [{ preference: 10, exchange: `mx1.${domain}` }],
  };
  records[`mx1.${domain}`] = { A: ["192.0.2.25"] };
  records[`_dmarc.${domain}`] = {
    TXT: [
      txtStrings(`v=DMARC1; p=none; rua=mailto:dmarc@evil.example; ${ALL_PAYLOADS}`),
      txtStrings(`v=DMARC1; p=reject; ruf=mailto:[x](https://evil.example)@evil.example; ${PAYLOADS[0]}`),
      ...junk(Math.min(junkBytes, 20_000), `dmarc-${domain}`),
    ],
  };
  for (const s of selectors) {
    records[`${s}._domainkey.${domain}`] = {
      TXT: [
        txtStrings(`v=DKIM1; k=rsa; p=${"QUJD".repeat(200)}${PAYLOADS[2]}${PAYLOADS[0]}`),
        ...junk(Math.min(junkBytes, 20_000), `dkim-${s}-${domain}`),
      ],
    };
  }
  records[`selector2._domainkey.${domain}`] = { CNAME: `gone.evil-${domain}.invalid-target.example` };
}

/** A fixture of hostile domains (and the shared names they include). */
export function hostileFixture(domains: readonly string[], options: HostileZoneOptions = {}): DnsFixture {
  const records: Record<string, FixtureOwner> = Object.create(null) as Record<string, FixtureOwner>;
  const bytesFor = (d: string) =>
    typeof options.junkBytes === "function" ? options.junkBytes(d) : (options.junkBytes ?? 50_000);
  shared(records, 50_000);
  const selectors = options.selectors ?? ["selector1", "google", "default", "k1", "s1"];
  for (const d of domains) hostileDomain(records, d, bytesFor(d), selectors, options.spf?.(d) ?? hostileSpf(d));
  return { version: 1, $comment: "hostile zone (test/helpers/hostile-zone.ts)", records };
}

/** `d0.hostile.test` ... */
export function hostileDomains(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `d${i}.${HOSTILE_SUFFIX}`);
}
