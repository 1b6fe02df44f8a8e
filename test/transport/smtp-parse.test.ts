/**
 * The SMTP probe's pure parsers: reply lines and multi-line replies (RFC 5321 §4.2), EHLO
 * extensions (RFC 5321 §4.1.1.1), node's subjectAltName text. Tables, then properties.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitAltNames } from "../../src/transport/smtp/certificate.ts";
import { parseEhloReply, parseExtensionLine } from "../../src/transport/smtp/ehlo.ts";
import { normalizeHost, settingsFor, validMailbox } from "../../src/transport/smtp/options.ts";
import {
  enhancedCode,
  formatReply,
  parseReplyLine,
  parseSmtpReplies,
  ReplyFolder,
  sanitizeText,
} from "../../src/transport/smtp/reply.ts";
import { addressLiteral } from "../../src/transport/smtp/session.ts";
import type { SmtpReply } from "../../src/transport/smtp/types.ts";

describe("parseReplyLine (RFC 5321 §4.2)", () => {
  it.each([
    ["220 mx.example.test ESMTP", { code: 220, continues: false, text: "mx.example.test ESMTP" }],
    ["250-PIPELINING", { code: 250, continues: true, text: "PIPELINING" }],
    ["250", { code: 250, continues: false, text: "" }],
    ["250-", { code: 250, continues: true, text: "" }],
    ["554\t5.7.1 no", { code: 554, continues: false, text: "5.7.1 no" }],
    ["421 4.3.2 bye\u001b[31m", { code: 421, continues: false, text: "4.3.2 bye\ufffd[31m" }],
  ])("%j parses", (line, expected) => {
    expect(parseReplyLine(line)).toEqual(expected);
  });

  it.each([
    "",
    "hello",
    "25",
    "2500 x",
    "250x",
    "160 nope", // first digit 2–5
    "260 nope", // second digit 0–5
    " 250 leading space",
  ])("%j is not a reply line", (line) => {
    expect(parseReplyLine(line)).toBeNull();
  });
});

describe("ReplyFolder", () => {
  it("folds a multi-line reply and starts afresh", () => {
    const folder = new ReplyFolder();
    expect(folder.push("250-mx.example.test")).toEqual({ kind: "more" });
    expect(folder.push("250-SIZE 1000")).toEqual({ kind: "more" });
    expect(folder.push("250 STARTTLS")).toEqual({
      kind: "done",
      reply: { code: 250, enhanced: null, lines: ["mx.example.test", "SIZE 1000", "STARTTLS"] },
    });
    expect(folder.push("221 2.0.0 Bye")).toEqual({
      kind: "done",
      reply: { code: 221, enhanced: "2.0.0", lines: ["2.0.0 Bye"] },
    });
  });

  it("refuses a multi-line reply whose code changes (RFC 5321 §4.2.1)", () => {
    const folder = new ReplyFolder();
    folder.push("250-a");
    const step = folder.push("251 b");
    expect(step).toMatchObject({ kind: "error", cause: "malformed" });
  });

  it("stops a reply with more text than its character bound", () => {
    const folder = new ReplyFolder(100, 25);
    expect(folder.push(`250-${"a".repeat(20)}`).kind).toBe("more");
    expect(folder.push(`250-${"b".repeat(10)}`)).toMatchObject({ kind: "error", cause: "oversize" });
  });

  it("stops a reply longer than its line bound", () => {
    const folder = new ReplyFolder(3);
    expect(folder.push("250-a").kind).toBe("more");
    expect(folder.push("250-b").kind).toBe("more");
    expect(folder.push("250-c")).toMatchObject({ kind: "error", cause: "oversize" });
  });
});

describe("parseSmtpReplies", () => {
  it("parses CRLF and bare LF, and reports what is left", () => {
    const parsed = parseSmtpReplies("220 hi\r\n250-a\n250 b\r\n354 partial");
    expect(parsed.replies.map((r) => r.code)).toEqual([220, 250]);
    expect(parsed.replies[1]?.lines).toEqual(["a", "b"]);
    expect(parsed.error).toBeNull();
    expect(parsed.incomplete).toBe(true);
  });

  it("names the line of the first error", () => {
    expect(parseSmtpReplies("220 ok\r\ngarbage\r\n250 ok\r\n").error).toMatchObject({ cause: "malformed", line: 2 });
  });
});

describe("enhancedCode (RFC 3463)", () => {
  it.each([
    ["5.7.1 Relay access denied", "5.7.1"],
    ["2.0.0", "2.0.0"],
    ["4.4.10 x", "4.4.10"],
    ["3.1.1 x", null],
    ["5.7.1234 x", null],
    ["Ok", null],
  ])("%j → %j", (text, code) => {
    expect(enhancedCode(text)).toBe(code);
  });
});

function reply(code: number, lines: string[]): SmtpReply {
  return { code, enhanced: null, lines };
}

describe("parseEhloReply (RFC 5321 §4.1.1.1, RFC 3207, RFC 4954, RFC 1870)", () => {
  it("reads STARTTLS, AUTH, the old AUTH= form and SIZE", () => {
    const info = parseEhloReply(
      reply(250, [
        "mx.example.test greets [192.0.2.1]",
        "SIZE 35882577",
        "starttls",
        "AUTH PLAIN login",
        "AUTH=LOGIN XOAUTH2",
        "8BITMIME",
      ]),
    );
    expect(info.domain).toBe("mx.example.test");
    expect(info.starttls).toBe(true);
    expect(info.auth).toEqual(["PLAIN", "LOGIN", "XOAUTH2"]);
    expect(info.size).toBe(35882577);
    expect(info.extensions.map((e) => e.keyword)).toEqual(["SIZE", "STARTTLS", "AUTH", "AUTH", "8BITMIME"]);
  });

  it.each([
    [["mx"], false, [], null],
    [["mx", "SIZE 0"], false, [], null], // 0 = no fixed limit
    [["mx", "SIZE x"], false, [], null],
    [["mx", "-bad keyword", "STARTTLS"], true, [], null],
    [["mx", "AUTH"], false, [], null],
  ])("%j", (lines, starttls, auth, size) => {
    const info = parseEhloReply(reply(250, lines));
    expect([info.starttls, info.auth, info.size]).toEqual([starttls, auth, size]);
  });

  it("ignores extension lines of a HELO reply", () => {
    const info = parseEhloReply(reply(250, ["mx", "STARTTLS"]), true);
    expect(info).toMatchObject({ helo: true, starttls: false, extensions: [] });
  });

  it("parses single extension lines", () => {
    expect(parseExtensionLine("X-EXPS GSSAPI NTLM")).toEqual({ keyword: "X-EXPS", params: ["GSSAPI", "NTLM"] });
    expect(parseExtensionLine("")).toBeNull();
    expect(parseExtensionLine("ÉTÉ")).toBeNull();
  });
});

describe("splitAltNames (node's subjectAltName text)", () => {
  it.each([
    ["DNS:mx.example.test", [{ type: "DNS", value: "mx.example.test" }]],
    [
      "DNS:a.example, DNS:b.example, IP Address:192.0.2.1",
      [
        { type: "DNS", value: "a.example" },
        { type: "DNS", value: "b.example" },
        { type: "IP Address", value: "192.0.2.1" },
      ],
    ],
    [
      'DNS:"x, DNS:evil.example", DNS:ok.example',
      [
        { type: "DNS", value: "x, DNS:evil.example" },
        { type: "DNS", value: "ok.example" },
      ],
    ],
    ["", []],
  ])("%j", (text, expected) => {
    expect(splitAltNames(text)).toEqual(expected);
  });
});

describe("options", () => {
  it.each([
    ["MX.Example.Test.", "mx.example.test"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["192.0.2.1", "192.0.2.1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["", null],
    ["a..b", null],
    ["-bad.example", null],
    ["x".repeat(64) + ".example", null],
  ])("normalizeHost(%j) → %j", (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each([
    ["probe@example.net", true],
    ["a+b@sub.example.org", true],
    ["no-at.example", false],
    ["@example.net", false],
    ["a b@example.net", false],
    ["a>@example.net", false],
    ["a@example.net\r\nDATA", false],
    ["a@192.0.2.1", false],
  ])("validMailbox(%j) → %j", (address, valid) => {
    expect(validMailbox(address)).toBe(valid);
  });

  it.each([
    [{ port: 0 }, /port/],
    [{ port: 25.5 }, /port/],
    [{ address: "mx.example.test" }, /address/],
    [{ ehloName: "bad name" }, /EHLO/],
    [{ ehloName: "192.0.2.1" }, /EHLO/],
    [{ relayFrom: "x@example.net\r\nDATA" }, /relayFrom/],
    [{ timeouts: { banner: -1 } }, /timeouts.banner/],
    [{ deadlineMs: Number.NaN }, /deadlineMs/],
    [{ limits: { maxLineBytes: 0 } }, /limits.maxLineBytes/],
  ])("refuses %j", (options, message) => {
    expect(settingsFor("mx.example.test", options)).toMatch(message);
  });

  it("defaults: implicit TLS on 465, STARTTLS elsewhere", () => {
    expect(settingsFor("mx.example.test", { port: 465 })).toMatchObject({ tlsMode: "implicit" });
    expect(settingsFor("mx.example.test", { port: 587 })).toMatchObject({ tlsMode: "starttls" });
    expect(settingsFor("mx.example.test", {})).toMatchObject({ port: 25, tlsMode: "starttls", relayTest: true });
  });

  it.each([
    ["192.0.2.7", "[192.0.2.7]"],
    ["::ffff:192.0.2.7", "[192.0.2.7]"],
    ["2001:db8::7", "[IPv6:2001:db8::7]"],
  ])("EHLO address literal of %s (RFC 5321 §4.1.3)", (address, literal) => {
    expect(addressLiteral(address)).toBe(literal);
  });
});

describe("properties", () => {
  const replyText = fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc
          .tuple(
            fc.constantFrom("220", "250", "554", "421", "999", "25"),
            fc.constantFrom(" ", "-", "", "\t"),
            fc.string({ maxLength: 30 }),
          )
          .map(([code, sep, text]) => `${code}${sep}${text}`),
      ),
      { maxLength: 12 },
    )
    .chain((lines) => fc.tuple(fc.constant(lines.join("\r\n")), fc.nat({ max: 400 })));

  it("parseSmtpReplies never throws, on whole or truncated input, and keeps its bounds", () => {
    fc.assert(
      fc.property(replyText, ([text, cut]) => {
        for (const input of [text, text.slice(0, cut)]) {
          const parsed = parseSmtpReplies(input, 5);
          for (const r of parsed.replies) {
            expect(r.code).toBeGreaterThanOrEqual(200);
            expect(r.code).toBeLessThan(600);
            expect(r.lines.length).toBeLessThanOrEqual(5);
            for (const line of r.lines) expect(line).not.toMatch(/[\r\n\u0000-\u0008]/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("formatReply and parseSmtpReplies round-trip", () => {
    const textLine = fc.string({ maxLength: 30 }).map((s) => sanitizeText(s));
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 559 }).filter((c) => c % 100 <= 59),
        fc.array(textLine, { minLength: 1, maxLength: 6 }),
        (code, lines) => {
          const parsed = parseSmtpReplies(`${formatReply({ code, enhanced: null, lines })}\r\n`);
          expect(parsed.error).toBeNull();
          expect(parsed.replies[0]?.code).toBe(code);
          expect(parsed.replies[0]?.lines).toEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("parseEhloReply and splitAltNames never throw", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 60 }), { maxLength: 20 }),
        fc.string({ maxLength: 200 }),
        (lines, alt) => {
          const info = parseEhloReply(reply(250, lines));
          expect(info.extensions.length).toBeLessThanOrEqual(lines.length);
          for (const e of info.extensions) expect(e.keyword).toMatch(/^[A-Z0-9][A-Z0-9-]*$/);
          expect(Array.isArray(splitAltNames(alt))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("settingsFor never throws on arbitrary options", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (host, options) => {
        const settings = settingsFor(host, (typeof options === "object" && options !== null ? options : {}) as object);
        expect(typeof settings === "string" || typeof settings === "object").toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
