import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDkimKey } from "../../src/dkim/key-record.ts";
import { readFixture, readJson } from "./helpers.ts";

const spkiFingerprint = (key: KeyObject): string =>
  createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex");
/** The public key of a raw Ed25519 seed (RFC 8032), as a KeyObject. */
const edFromSeed = (seedBase64: string): KeyObject =>
  createPublicKey(
    createPrivateKey({
      key: Buffer.concat([
        Buffer.from("302e020100300506032b657004220420", "hex"),
        Buffer.from(seedBase64.trim(), "base64"),
      ]),
      format: "der",
      type: "pkcs8",
    }),
  );
const codes = (text: string): string[] => parseDkimKey(text).diagnostics.map((d) => d.code);
const dkimpy = (name: string): string => readFixture(`conformance/dkim-dkimpy/${name}`).toString("utf8").trim();

describe("parseDkimKey: conformance key records", () => {
  const rfc8463Rsa = createPublicKey(readFixture("conformance/dkim-rfc8463-mailauth/private-rsa.key"));

  it("dkimpy test.txt is the RFC 8463 RSA key, 1024 bits, usable (test_dkim.py::test_verifies, test_crypto.py)", () => {
    const record = parseDkimKey(dkimpy("test.txt"));
    expect(record).toMatchObject({
      usable: true,
      version: "DKIM1",
      keyType: "rsa",
      key: { type: "rsa", bits: 1024, encoding: "spki", exponent: 65537 },
    });
    expect(record.key?.fingerprint).toBe(spkiFingerprint(rfc8463Rsa));
    expect(record.key?.fingerprint).toBe(
      spkiFingerprint(createPublicKey(readFixture("conformance/dkim-dkimpy/test.private"))),
    );
    expect(codes(dkimpy("test.txt"))).toEqual(["tag-unknown", "rsa-key-weak"]); // g= is RFC 4871's, ignored
  });

  it("dkimpy test2.txt has no k= and means rsa (test_implicit_k)", () => {
    const record = parseDkimKey(dkimpy("test2.txt"));
    expect(record).toMatchObject({
      usable: true,
      keyType: "rsa",
      keyTypeDeclared: false,
      key: { type: "rsa", bits: 1024 },
    });
  });

  it("dkimpy badversion.txt (v=DKIM1: ...) is rejected (test_bad_version)", () => {
    const record = parseDkimKey(dkimpy("badversion.txt"));
    expect(record.usable).toBe(false);
    expect(record.version).toBe("DKIM1: g=*");
    expect(codes(dkimpy("badversion.txt"))).toContain("version-invalid");
  });

  it("dkimpy badk.txt (k=ed25519-sha256) is an unknown key type (test_unknown_k)", () => {
    const record = parseDkimKey(dkimpy("badk.txt"));
    expect(record).toMatchObject({ usable: false, keyType: "ed25519-sha256", key: null });
    expect(codes(dkimpy("badk.txt"))).toContain("key-type-unknown");
  });

  it("dkimpy test_bad.txt (truncated key) is undecodable (test_crypto.py::test_parse_public_key)", () => {
    const record = parseDkimKey(dkimpy("test_bad.txt"));
    expect(record).toMatchObject({ usable: false, key: null });
    expect(codes(dkimpy("test_bad.txt"))).toContain("key-undecodable");
  });

  it("dkimpy test_tlsrpt.txt (s=tlsrpt) is not for email (test_dkim_tlsrpt.py::test_ignores_tlsrptsvc)", () => {
    const record = parseDkimKey(dkimpy("test_tlsrpt.txt"));
    expect(record).toMatchObject({ usable: false, serviceTypes: ["tlsrpt"], key: { type: "rsa", bits: 1024 } });
    expect(codes(dkimpy("test_tlsrpt.txt"))).toContain("service-not-email");
  });

  it("dkimpy ed25519test.dns (no v=) and eximtest.dns are usable Ed25519 keys", () => {
    const ed = parseDkimKey(dkimpy("ed25519test.dns"));
    expect(ed).toMatchObject({
      usable: true,
      version: null,
      keyType: "ed25519",
      key: { type: "ed25519", bits: 256, encoding: "raw" },
    });
    expect(ed.key?.fingerprint).toBe(spkiFingerprint(edFromSeed(dkimpy("ed25519test.key"))));
    expect(parseDkimKey(dkimpy("eximtest.dns"))).toMatchObject({ usable: true, key: { type: "ed25519", bits: 256 } });
  });

  it("dkimpy's inline keys: gmail 2048-bit usable; canonical.com 512-bit refused by default (minkey=1024)", () => {
    const dns = readJson<Record<string, string>>("conformance/dkim-dkimpy/dns-fixtures.derived.json");
    expect(parseDkimKey(dns["20120113._domainkey.gmail.com"] ?? "")).toMatchObject({
      usable: true,
      key: { bits: 2048 },
    });
    const small = parseDkimKey(dns["example._domainkey.canonical.com"] ?? "");
    expect(small).toMatchObject({ usable: false, serviceTypes: ["email"], key: { bits: 512 } });
    expect(small.diagnostics.map((d) => d.code)).toEqual(["rsa-key-too-short"]);
    expect(parseDkimKey(dns["brisbane._domainkey.football.example.com"] ?? "").key?.fingerprint).toBe(
      spkiFingerprint(edFromSeed(dkimpy("rfc8032_7_1.key"))),
    );
  });

  it("go-msgauth query_test keys: SPKI and raw PKCS#1 RSA, Ed25519 from the RFC 8032 seed", () => {
    const dns = readJson<Record<string, string>>("conformance/dkim-go-msgauth/dns.derived.json");
    const appendixC = createPublicKey(readFixture("conformance/dkim-go-msgauth/rfc6376-appendixC-private.pem"));
    expect(parseDkimKey(dns["brisbane._domainkey.example.com"] ?? "")).toMatchObject({
      usable: true,
      key: { encoding: "spki", fingerprint: spkiFingerprint(appendixC) },
    });
    const raw = parseDkimKey(dns["newengland._domainkey.example.com"] ?? "");
    expect(raw).toMatchObject({ usable: true, key: { type: "rsa", bits: 1024, encoding: "pkcs1" } });
    expect(raw.diagnostics.map((d) => d.code)).toEqual(["rsa-key-weak", "rsa-key-pkcs1"]);
    expect(parseDkimKey(dns["brisbane._domainkey.football.example.com"] ?? "").key?.fingerprint).toBe(
      spkiFingerprint(edFromSeed(dns._ed25519_private_seed_base64 ?? "")),
    );
  });

  it("every record of every upstream DNS file parses as upstream expects", () => {
    // usable: upstream verifies with it by default; not usable: upstream rejects it (minkey=1024, or not a key).
    const expected: Record<string, { usable: boolean; type?: string; bits?: number }> = {
      "dkimpy 20120113._domainkey.gmail.com": { usable: true, type: "rsa", bits: 2048 },
      "dkimpy test._domainkey.example.com": { usable: true, type: "rsa", bits: 1024 },
      "dkimpy test._domainkey.football.example.com": { usable: true, type: "rsa", bits: 1024 },
      "dkimpy brisbane._domainkey.football.example.com": { usable: true, type: "ed25519", bits: 256 },
      "dkimpy test._domainkey.example.net": { usable: true, type: "ed25519", bits: 256 },
      "dkimpy sed._domainkey.test.ex": { usable: true, type: "ed25519", bits: 256 },
      "dkimpy example._domainkey.canonical.com": { usable: false, type: "rsa", bits: 512 },
      "go brisbane._domainkey.example.com": { usable: true, type: "rsa", bits: 1024 },
      "go brisbane._domainkey.example.org": { usable: true, type: "rsa", bits: 1024 },
      "go test._domainkey.football.example.com": { usable: true, type: "rsa", bits: 1024 },
      "go newengland._domainkey.example.com": { usable: true, type: "rsa", bits: 1024 },
      "go brisbane._domainkey.football.example.com": { usable: true, type: "ed25519", bits: 256 },
      "mailauth brisbane._domainkey.football.example.com": { usable: true, type: "ed25519", bits: 256 },
      "mailauth test._domainkey.football.example.com": { usable: true, type: "rsa", bits: 1024 },
      "mailauth football.example.com": { usable: false },
    };
    const seen: Record<string, { usable: boolean; type?: string; bits?: number }> = {};
    const add = (label: string, text: string): void => {
      const record = parseDkimKey(text);
      seen[label] = {
        usable: record.usable,
        ...(record.key === null ? {} : { type: record.key.type, bits: record.key.bits }),
      };
    };
    for (const [name, text] of Object.entries(
      readJson<Record<string, string>>("conformance/dkim-dkimpy/dns-fixtures.derived.json"),
    )) {
      if (!name.startsWith("_")) add(`dkimpy ${name}`, text);
    }
    for (const [name, text] of Object.entries(
      readJson<Record<string, string>>("conformance/dkim-go-msgauth/dns.derived.json"),
    )) {
      if (!name.startsWith("_")) add(`go ${name}`, text);
    }
    for (const [name, owner] of Object.entries(
      readJson<Record<string, { TXT: string[][] }>>("conformance/dkim-rfc8463-mailauth/dns.json"),
    )) {
      add(`mailauth ${name}`, (owner.TXT[0] ?? []).join(""));
    }
    expect(seen).toEqual(expected);
  });

  it("mailauth RFC 8463 zone: the RSA key split over four strings joins to the RFC key; the SPF record is not a key", () => {
    const zone = readJson<Record<string, { TXT: string[][] }>>("conformance/dkim-rfc8463-mailauth/dns.json");
    const rsa = parseDkimKey((zone["test._domainkey.football.example.com"]?.TXT[0] ?? []).join(""));
    expect(rsa).toMatchObject({ usable: true, key: { fingerprint: spkiFingerprint(rfc8463Rsa) } });
    const ed = parseDkimKey((zone["brisbane._domainkey.football.example.com"]?.TXT[0] ?? []).join(""));
    expect(ed.key?.fingerprint).toBe(
      spkiFingerprint(edFromSeed(readFixture("conformance/dkim-rfc8463-mailauth/private-ec.key").toString())),
    );
    const spf = parseDkimKey((zone["football.example.com"]?.TXT[0] ?? []).join(""));
    expect(spf).toMatchObject({ isKeyRecord: false, usable: false });
  });
});

describe("parseDkimKey: diagnostics", () => {
  const rsa1024 = dkimpy("test.txt").split("p=")[1] ?? "";
  const cases: [string, string, string[], boolean][] = [
    ["revoked", "v=DKIM1; p=", ["key-revoked"], false],
    ["no p=", "v=DKIM1; k=rsa", ["key-missing"], false],
    ["v= not first", `k=rsa; v=DKIM1; p=${rsa1024}`, ["version-not-first", "rsa-key-weak"], true],
    ["lower-case version", `v=dkim1; p=${rsa1024}`, ["version-invalid", "rsa-key-weak"], false],
    ["h=sha1 only", `v=DKIM1; h=sha1; p=${rsa1024}`, ["hash-sha1-only", "rsa-key-weak"], false],
    ["h=sha1:sha256", `v=DKIM1; h=sha1:sha256; p=${rsa1024}`, ["rsa-key-weak"], true],
    ["h= unknown only", `v=DKIM1; h=md5; p=${rsa1024}`, ["hash-unknown", "hash-none-known", "rsa-key-weak"], false],
    ["s=email:foo", `v=DKIM1; s=email:foo; p=${rsa1024}`, ["service-unknown", "rsa-key-weak"], true],
    ["t=y:s:x", `v=DKIM1; t=y:s:x; p=${rsa1024}`, ["flag-unknown", "testing-mode", "rsa-key-weak"], true],
    ["bad base64", "v=DKIM1; p=abc$", ["key-base64-invalid"], false],
    ["lone base64 char", "v=DKIM1; p=abcde", ["key-base64-invalid"], false],
    [
      "Ed25519 bytes without k=",
      "v=DKIM1; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
      ["key-type-mismatch"],
      false,
    ],
    ["k=ed25519 with an RSA key", `v=DKIM1; k=ed25519; p=${rsa1024}`, ["key-type-mismatch"], false],
    [
      "k=ed25519 as SPKI",
      "v=DKIM1; k=ed25519; p=MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
      ["ed25519-key-not-raw"],
      false,
    ],
    [
      "k=ed25519, 31 bytes",
      "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ==",
      ["key-undecodable"],
      false,
    ],
    ["trailing bytes after the DER", `v=DKIM1; p=${rsa1024.slice(0, -4)}AQABAA==`, ["key-undecodable"], false],
    ["duplicate p=", `v=DKIM1; p=${rsa1024}; p=`, ["tag-duplicate", "rsa-key-weak"], false],
    // RFC 6376 §3.2: tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: no empty tag-spec; OpenDKIM and dkimpy refuse it.
    ["empty tag-spec", `v=DKIM1;; p=${rsa1024}`, ["tag-empty", "rsa-key-weak"], false],
    ["non-ASCII note", `v=DKIM1; n=caf\u00e9; p=${rsa1024}`, ["tag-syntax", "rsa-key-weak"], false],
    ["RSA key case-insensitive k=", `v=DKIM1; k=RSA; p=${rsa1024}`, ["rsa-key-weak"], true],
    ["SPF record", "v=spf1 -all", ["not-a-key-record"], false],
    ["verification token", "google-site-verification=abc", ["not-a-key-record"], false],
  ];
  it.each(cases)("%s", (_, text, expected, usable) => {
    const record = parseDkimKey(text);
    expect(record.diagnostics.map((d) => d.code)).toEqual(expected);
    expect(record.usable).toBe(usable);
  });

  it("every diagnostic carries an RFC section and a message", () => {
    for (const [, text] of cases) {
      for (const d of parseDkimKey(text).diagnostics) {
        expect(d.rfc).toMatch(/^RFC \d+ §/);
        expect(d.message.length).toBeGreaterThan(10);
      }
    }
  });

  it("sizes RSA keys and grades them (RFC 8301 §3.2)", () => {
    const grade = (bits: number): { bits: number | undefined; codes: string[] } => {
      const der = generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ type: "spki", format: "der" });
      const record = parseDkimKey(`v=DKIM1; p=${der.toString("base64")}`);
      return { bits: record.key?.bits, codes: record.diagnostics.map((d) => d.code) };
    };
    expect(grade(768)).toEqual({ bits: 768, codes: ["rsa-key-too-short"] });
    expect(grade(1536)).toEqual({ bits: 1536, codes: ["rsa-key-weak"] });
    expect(grade(2048)).toEqual({ bits: 2048, codes: [] });
  });

  it("results are plain JSON", () => {
    const record = parseDkimKey(dkimpy("test.txt"));
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe("parseDkimKey: properties", () => {
  const rsa = [1024, 2048].map((bits) => generateKeyPairSync("rsa", { modulusLength: bits }).publicKey);
  const ed = generateKeyPairSync("ed25519").publicKey;
  const pool = [
    ...rsa.flatMap((key) => [
      {
        k: "rsa",
        der: key.export({ type: "spki", format: "der" }),
        key,
        bits: key.asymmetricKeyDetails?.modulusLength ?? 0,
        encoding: "spki",
      },
      {
        k: "rsa",
        der: key.export({ type: "pkcs1", format: "der" }),
        key,
        bits: key.asymmetricKeyDetails?.modulusLength ?? 0,
        encoding: "pkcs1",
      },
    ]),
    { k: "ed25519", der: ed.export({ type: "spki", format: "der" }).subarray(12), key: ed, bits: 256, encoding: "raw" },
  ];
  const fws = fc.constantFrom("", " ", "\t", "\r\n ", "  ");
  /** Base64 with whitespace inserted at arbitrary places (RFC 6376 §3.6.1 allows FWS inside p=). */
  const spaced = (b64: string, cuts: number[], sep: string): string => {
    const points = [...new Set(cuts.map((c) => c % (b64.length + 1)))].sort((a, b) => a - b);
    let out = "";
    let last = 0;
    for (const p of points) {
      out += b64.slice(last, p) + sep;
      last = p;
    }
    return out + b64.slice(last);
  };

  it("decodes any well-formed record: type, size, fingerprint, flags, whatever the tag order and whitespace", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pool),
        fc.array(fc.nat(2000), { maxLength: 6 }),
        fws,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.shuffledSubarray(["h=sha256", "s=email", "t=s", "n=some note", "x1=unknown"]),
        (entry, cuts, sep, withV, withK, testing, extras) => {
          const p = spaced(entry.der.toString("base64"), cuts, sep === "" ? " " : sep);
          const tags = [
            ...extras,
            ...(testing ? ["t=y"] : []),
            ...(withK || entry.k === "ed25519" ? [`k=${entry.k}`] : []),
            `p=${p}`,
          ];
          const unique = tags.filter((t, i) => tags.findIndex((u) => u.split("=")[0] === t.split("=")[0]) === i);
          const text = [...(withV ? ["v=DKIM1"] : []), ...unique].join(`;${sep}`);
          const record = parseDkimKey(text);
          expect(record.key).toMatchObject({
            type: entry.k,
            bits: entry.bits,
            encoding: entry.encoding,
            fingerprint: spkiFingerprint(entry.key),
          });
          expect(record.testing).toBe(unique.includes("t=y"));
          expect(record.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          expect(record.usable).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a truncated or extended key never decodes (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pool.filter((e) => e.k === "rsa")),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        (entry, n, extend) => {
          const der = extend
            ? Buffer.concat([entry.der, Buffer.alloc(n, 0)])
            : entry.der.subarray(0, entry.der.length - n);
          const record = parseDkimKey(`v=DKIM1; p=${der.toString("base64")}`);
          expect(record.key).toBeNull();
          expect(record.usable).toBe(false);
          expect(record.diagnostics.map((d) => d.code)).toContain("key-undecodable");
        },
      ),
    );
  });

  it("never throws; usable implies a key record with a decoded key and no error (property)", () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            "v=DKIM1",
            "k=rsa",
            "k=ed25519",
            "p=",
            "p=AAAA",
            "h=sha1",
            "t=y",
            ";",
            " ",
            "=",
            "p=MIGfMA0G",
            "\u00e9",
            "s=*",
          ),
          { maxLength: 12 },
        )
        .map((parts) => parts.join(";")),
    );
    fc.assert(
      fc.property(junk, (text) => {
        const record = parseDkimKey(text);
        if (record.usable) {
          expect(record.isKeyRecord).toBe(true);
          expect(record.key).not.toBeNull();
          expect(record.diagnostics.some((d) => d.severity === "error")).toBe(false);
        }
        expect(JSON.parse(JSON.stringify(record))).toEqual(record);
      }),
      { numRuns: 500 },
    );
  });
});
