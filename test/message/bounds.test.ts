/**
 * Bounded work on hostile messages (issue 18 §1): every DKIM-Signature field is counted in one
 * linear scan of the header section, at most `maxSignatures` are verified, and the verifier never
 * sees the excess (a 20 MB message with 40,000 signatures is verified like one with ten).
 */
import fc from "fast-check";
import { dkimSign } from "mailauth";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { boundSignatures, MAX_SIGNED_SIGNATURE_FIELDS } from "../../src/message/message-bounds.ts";
import { scanHeader } from "../../src/message/message-header.ts";
import { MAX_SIGNATURES, verifyMessage } from "../../src/message/verify-message.ts";
import { LoggingResolver, readFixture } from "../dkim/helpers.ts";

const rsaKey = readFixture("conformance/dkim-rfc8463-mailauth/private-rsa.key").toString();
const rsaPub =
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
const zone = new FixtureResolver({
  version: 1,
  records: { "s1._domainkey.example.org": { TXT: [`v=DKIM1; k=rsa; p=${rsaPub}`] } },
});

const message = ["From: Alice <alice@example.org>", "To: bob@example.net", "Subject: many", "", "Body.", ""].join(
  "\r\n",
);

async function signed(raw: string, headerList?: string[]): Promise<string> {
  const r = await dkimSign(raw, {
    canonicalization: "relaxed/relaxed",
    signingDomain: "example.org",
    selector: "s1",
    privateKey: rsaKey,
    ...(headerList ? { headerList } : {}),
    signatureData: [{ signingDomain: "example.org", selector: "s1", privateKey: rsaKey }],
  });
  expect(r.errors).toEqual([]);
  return r.signatures + raw;
}

/** A DKIM-Signature field that will never verify, of about `size` bytes, for selector `s<i>`. */
function junkSignature(i: number, size = 510): string {
  const head = `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=j${i}; h=from:subject; bh=frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=; b=`;
  return `${head}${"A".repeat(Math.max(4, size - head.length - 2))}\r\n`;
}

/** The naive reference: split into lines, fold, count (for the property test). */
function reference(text: string): { fields: number; signatures: number; froms: number } {
  let fields = 0;
  let signatures = 0;
  let froms = 0;
  for (const line of text.split(/(?<=\n)/)) {
    if (line === "\n" || line === "\r\n" || line === "\r") break;
    if ((line.startsWith(" ") || line.startsWith("\t")) && fields > 0) continue;
    fields++;
    const colon = line.indexOf(":");
    const name = colon < 0 ? undefined : line.slice(0, colon).trim().toLowerCase();
    if (name === "dkim-signature") signatures++;
    if (name === "from") froms++;
  }
  return { fields, signatures, froms };
}

describe("scanHeader: one linear scan", () => {
  it("counts every field and signature, far past 5,000 fields", () => {
    const header = `${"X-Filler: 1\r\n".repeat(6000)}From: a@example.org\r\n${"DKIM-Signature: v=1; d=x.example; s=a; b=Zg==\r\n".repeat(3)}\r\nbody`;
    const scan = scanHeader(header);
    expect(scan).toMatchObject({ fields: 6004, fromFields: 1 });
    expect(scan.signatureStarts).toHaveLength(3);
    expect(header.slice(scan.headerEnd)).toBe("body");
  });

  it("keeps a folded signature whole, and reads names case-insensitively with space before the colon", () => {
    const header = "dkim-SIGNATURE : v=1; d=a.example;\r\n\ts=sel; b=Zg==\r\nFROM:a@a.example\r\n\r\n";
    const scan = scanHeader(header);
    expect(scan.fromFields).toBe(1);
    expect(header.slice(scan.signatureStarts[0], scan.signatureEnds[0])).toBe(
      "dkim-SIGNATURE : v=1; d=a.example;\r\n\ts=sel; b=Zg==\r\n",
    );
  });

  it("agrees with a naive line-by-line reading on random headers, and never throws (property)", () => {
    const piece = fc.constantFrom(
      "DKIM-Signature: v=1; d=a.example; s=s; b=Zg==",
      "dkim-signature:x",
      "From: a@b.example",
      "from :x",
      "X-Long-Name-Over-Fifteen: 1",
      "NoColonAtAll",
      " folded",
      "\tfolded",
      "",
      "Subject: DKIM-Signature: inside",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom("\r\n", "\n"), (lines, eol) => {
        const text = lines.join(eol) + eol;
        const scan = scanHeader(text);
        const ref = reference(text);
        expect(scan.fields).toBe(ref.fields);
        expect(scan.signatureStarts.length).toBe(ref.signatures);
        expect(scan.fromFields).toBe(ref.froms);
      }),
      { numRuns: 300 },
    );
  });
});

describe("verifyMessage: a bounded number of signatures verified", () => {
  it("a 20 MB message with 40,000 signatures: all counted, 10 verified, the excess never seen by the verifier", async () => {
    const good = await signed(message);
    const junk = Array.from({ length: 39_999 }, (_, i) => junkSignature(i)).join("");
    const raw = Buffer.from(good.replace("From: Alice", `${junk}From: Alice`), "latin1");
    expect(raw.length).toBeGreaterThan(20_000_000);
    const logging = new LoggingResolver(zone);
    const r = await verifyMessage(raw, { resolver: logging });
    expect(r.dkim).toHaveLength(40_000);
    expect(r.dkim.filter((d) => d.verified)).toHaveLength(10);
    expect(r.dkim[0]).toMatchObject({ selector: "s1", result: "pass", verified: true });
    expect(r.dkim[39_999]).toMatchObject({ selector: "j39998", result: "neutral", verified: false });
    expect(r.diagnostics.find((d) => d.code === "too-many-signatures")?.message).toBe(
      "40000 DKIM-Signature fields; only the first 10 were verified",
    );
    const keys = new Set(logging.log.filter((q) => q.name.includes("._domainkey.")).map((q) => q.name));
    expect(keys.size).toBe(10);
    expect(r.from.domain).toBe("example.org");
  }, 120_000);

  it("the message the verifier sees has the first signatures only (and what they signed)", async () => {
    const good = await signed(message);
    const raw = Buffer.from(good + Array.from({ length: 30 }, (_, i) => junkSignature(i, 120)).join(""), "latin1");
    // Junk after the body is not header: only the top signature counts.
    expect(scanHeader(raw.toString("latin1")).signatureStarts).toHaveLength(1);
    const text = Array.from({ length: 30 }, (_, i) => junkSignature(i, 120)).join("") + message;
    const bytes = Buffer.from(text, "latin1");
    const bounded = boundSignatures(bytes, text, scanHeader(text), 3);
    expect(bounded.signatures).toHaveLength(30);
    expect(bounded.verified.map((s) => s.selector)).toEqual(["j0", "j1", "j2"]);
    expect(scanHeader(bounded.input.toString("latin1")).signatureStarts).toHaveLength(3);
    expect(bounded.input.toString("latin1").endsWith(message)).toBe(true);
  });

  it("keeps the bottom-most fields a verified signature signs (RFC 6376 §5.4.2), so it still passes", async () => {
    // A signature that signs the two DKIM-Signature fields below it (j6, j7), then six more fields
    // inserted between them (unsigned: verifiers select signed fields from the bottom up). With a
    // limit of 1 the six in between are cut and the two signed ones kept.
    const bottom = [6, 7].map((i) => junkSignature(i, 120)).join("");
    const middle = Array.from({ length: 6 }, (_, i) => junkSignature(i, 120)).join("");
    const top = await signed(bottom + message, ["from", "subject", "dkim-signature"]);
    const cut = top.indexOf(bottom);
    const outer = top.slice(0, cut) + middle + top.slice(cut);
    expect(outer.match(/h=[^;]*/)?.[0]).toMatch(/DKIM-Signature: DKIM-Signature/);
    const r = await verifyMessage(outer, { resolver: zone, maxSignatures: 1 });
    expect(r.dkim).toHaveLength(9);
    expect(r.dkim[0]).toMatchObject({ selector: "s1", result: "pass", verified: true });
    const text = outer;
    const bounded = boundSignatures(Buffer.from(text, "latin1"), text, scanHeader(text), 1);
    expect(scanHeader(bounded.input.toString("latin1")).signatureStarts).toHaveLength(3);
    // Tampering with a signed (bottom) junk field breaks it; with an unsigned middle one it does not.
    expect(
      (await verifyMessage(outer.replace("s=j7;", "s=j9;"), { resolver: zone, maxSignatures: 1 })).dkim[0]?.result,
    ).toBe("fail");
    expect(
      (await verifyMessage(outer.replace("s=j2;", "s=j9;"), { resolver: zone, maxSignatures: 1 })).dkim[0]?.result,
    ).toBe("pass");
  });

  it("a signature that signs more DKIM-Signature fields than the bound is not verified", async () => {
    const many = Array.from({ length: MAX_SIGNED_SIGNATURE_FIELDS + 1 }, () => "dkim-signature");
    const junk = Array.from({ length: MAX_SIGNED_SIGNATURE_FIELDS + 1 }, (_, i) => junkSignature(i, 120)).join("");
    const outer = await signed(junk + message, ["from", ...many]);
    const r = await verifyMessage(outer, { resolver: zone });
    expect(r.dkim[0]).toMatchObject({ result: "neutral", verified: false });
    expect(r.dkim[0]?.reason).toMatch(/signs 51 DKIM-Signature fields/);
  });

  it("maxSignatures is capped", async () => {
    const text = Array.from({ length: MAX_SIGNATURES + 5 }, (_, i) => junkSignature(i, 120)).join("") + message;
    const r = await verifyMessage(text, { resolver: zone, maxSignatures: 1_000_000 });
    expect(r.dkim.filter((d) => d.verified)).toHaveLength(MAX_SIGNATURES);
  });
});
