/**
 * OpenDKIM (`opendkim-testkey`, Debian package `opendkim-tools`) and dkimpy (`python3-dkim`) over a
 * real Knot server, for the DKIM key-record cross-check: generated key records (tags, their order,
 * duplicates, encodings, corrupted keys) are published at their own selectors, and each peer says
 * whether it accepts the record.
 *
 * - dkimpy verifies a message signed (correctly) with the key the record is meant to publish: the
 *   record is accepted when the signature passes. Its DNS function asks Knot with dnspython.
 * - opendkim-testkey reads the record and, for RSA, compares it with the private key (`-k`); it
 *   has no signature to check `h=` against, and compares only RSA keys (for Ed25519 records it
 *   checks the record without a key). It asks Knot through libunbound (`ResolverConfiguration`, a
 *   stub zone for the root at Knot's port).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { hasBinary } from "../helpers/servers.ts";

export const PYTHON = "/usr/bin/python3";
export const OPENDKIM_TESTKEY = "opendkim-testkey";
const DRIVER = fileURLToPath(new URL("./dkimpy-driver.py", import.meta.url));

/** Can the peers run here? */
export function dkimPeersMissing(): string | undefined {
  if (!hasBinary(OPENDKIM_TESTKEY)) return `${OPENDKIM_TESTKEY} not found: install the Debian package "opendkim-tools"`;
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const modules = spawnSync(PYTHON, ["-c", "import dkim, dns.message"], { stdio: "ignore" });
  if (modules.status !== 0)
    return 'dkimpy or dnspython missing: install the Debian packages "python3-dkim" "python3-dnspython"';
  return undefined;
}

/** How a generated record is built: the key it publishes and every tag variation. */
export interface RecordSpec {
  kind: "rsa" | "ed25519";
  version: "none" | "DKIM1" | "DKIM2" | "dkim1" | "DKIM1-late";
  k: "none" | "match" | "rsa" | "ed25519" | "RSA" | "foo";
  h: "none" | "sha256" | "sha1" | "sha1:sha256" | "foo:sha256" | "foo";
  s: "none" | "email" | "*" | "tlsrpt" | "email:tlsrpt" | "foo";
  t: "none" | "y" | "s" | "y:s" | "x";
  extra: "none" | "n=hello world" | "g=*" | "x=1";
  p:
    | "key"
    | "pkcs1"
    | "spki-of-ed25519"
    | "empty"
    | "truncated"
    | "trailing"
    | "spaced"
    | "not-base64"
    | "other-key"
    | "absent";
  duplicate: "none" | "p" | "k" | "v";
  separator: "; " | ";" | " ; " | ";\t";
  trailing: boolean;
  glitch: "none" | "missing-equals" | "empty-tag";
}

export const recordSpec: fc.Arbitrary<RecordSpec> = fc.record({
  kind: fc.constantFrom("rsa", "rsa", "ed25519"),
  version: fc.constantFrom("none", "DKIM1", "DKIM1", "DKIM1", "DKIM2", "dkim1", "DKIM1-late"),
  k: fc.constantFrom("none", "match", "match", "rsa", "ed25519", "RSA", "foo"),
  h: fc.constantFrom("none", "none", "none", "sha256", "sha1", "sha1:sha256", "foo:sha256", "foo"),
  s: fc.constantFrom("none", "none", "none", "email", "*", "tlsrpt", "email:tlsrpt", "foo"),
  t: fc.constantFrom("none", "none", "none", "y", "s", "y:s", "x"),
  extra: fc.constantFrom("none", "none", "n=hello world", "g=*", "x=1"),
  p: fc.constantFrom(
    "key",
    "key",
    "key",
    "key",
    "pkcs1",
    "spki-of-ed25519",
    "empty",
    "truncated",
    "trailing",
    "spaced",
    "not-base64",
    "other-key",
    "absent",
  ),
  duplicate: fc.constantFrom("none", "none", "none", "none", "p", "k", "v"),
  separator: fc.constantFrom("; ", "; ", ";", " ; ", ";\t"),
  trailing: fc.boolean(),
  glitch: fc.constantFrom("none", "none", "none", "none", "none", "missing-equals", "empty-tag"),
});

/** The keys the records publish (base64 forms) and sign with (PEM). */
export interface KeyMaterial {
  rsaSpki: string;
  rsaPkcs1: string;
  rsaPem: string;
  edRaw: string;
  edSpki: string;
  edPem: string;
  otherRsaSpki: string;
  otherEdRaw: string;
}

function keyData(spec: RecordSpec, keys: KeyMaterial): string | undefined {
  const rsa = spec.kind === "rsa";
  const main = rsa ? keys.rsaSpki : keys.edRaw;
  switch (spec.p) {
    case "key":
      return main;
    case "pkcs1":
      return rsa ? keys.rsaPkcs1 : keys.edSpki;
    case "spki-of-ed25519":
      return rsa ? main : keys.edSpki;
    case "empty":
      return "";
    case "truncated":
      return main.slice(0, Math.floor(main.length / 2));
    case "trailing":
      return Buffer.concat([Buffer.from(main, "base64"), Buffer.from([0, 1, 2])]).toString("base64");
    case "spaced":
      return `${main.slice(0, 20)} ${main.slice(20, 40)}\t${main.slice(40)}`;
    case "not-base64":
      return `${main.slice(0, 10)}!*${main.slice(12)}`;
    case "other-key":
      return rsa ? keys.otherRsaSpki : keys.otherEdRaw;
    case "absent":
      return undefined;
  }
}

/** The record text of a spec. */
export function recordText(spec: RecordSpec, keys: KeyMaterial): string {
  const tags: string[] = [];
  const version = spec.version === "none" ? undefined : `v=${spec.version === "DKIM1-late" ? "DKIM1" : spec.version}`;
  if (version !== undefined && spec.version !== "DKIM1-late") tags.push(version);
  if (spec.k !== "none") tags.push(`k=${spec.k === "match" ? spec.kind : spec.k}`);
  if (spec.h !== "none") tags.push(`h=${spec.h}`);
  if (spec.s !== "none") tags.push(`s=${spec.s}`);
  if (spec.t !== "none") tags.push(`t=${spec.t}`);
  if (spec.extra !== "none") tags.push(spec.extra);
  const p = keyData(spec, keys);
  if (p !== undefined) tags.push(`p=${p}`);
  if (version !== undefined && spec.version === "DKIM1-late") tags.push(version);
  if (spec.duplicate === "p" && p !== undefined) tags.push(`p=${p}`);
  if (spec.duplicate === "k") tags.push(`k=${spec.kind}`);
  if (spec.duplicate === "v") tags.push("v=DKIM1");
  if (spec.glitch === "missing-equals") tags.splice(Math.min(1, tags.length), 0, "x y");
  if (spec.glitch === "empty-tag") tags.splice(Math.min(1, tags.length), 0, "");
  return tags.join(spec.separator) + (spec.trailing ? ";" : "");
}

/** Splits a record into TXT character-strings of at most 255 octets (RFC 6376 §3.6.2.2 joins them). */
export function txtStrings(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 200) out.push(text.slice(i, i + 200));
  return out.length > 0 ? out : [""];
}

/** dkimpy's verdict on each message (base64 in, one answer each), asking Knot at `port`. */
export function runDkimpy(messages: readonly Buffer[], port: number): { pass: boolean; error: string }[] {
  const out = spawnSync(PYTHON, [DRIVER], {
    input: JSON.stringify({ port, messages: messages.map((m) => m.toString("base64")) }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  if (out.status !== 0) throw new Error(`dkimpy driver failed (${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout) as { pass: boolean; error: string }[];
}

/** opendkim-testkey's verdict: `ok` ("key OK" or nothing to say), or its error line. */
export interface TestkeyResult {
  ok: boolean;
  message: string;
}

/**
 * Runs opendkim-testkey for each selector of `domain`, comparing each record with the RSA private
 * key `rsaPem` (`-k`; it compares RSA keys only), asking Knot at 127.0.0.1:`port` through
 * libunbound.
 */
export function runTestkey(
  selectors: readonly string[],
  domain: string,
  port: number,
  rsaPem: string,
): TestkeyResult[] {
  const dir = mkdtempSync(join(tmpdir(), "eaa-opendkim-"));
  try {
    const unbound = join(dir, "unbound.conf");
    writeFileSync(
      unbound,
      `server:\n  do-not-query-localhost: no\n  module-config: "iterator"\n  verbosity: 0\nstub-zone:\n  name: "."\n  stub-addr: 127.0.0.1@${port}\n`,
    );
    const config = join(dir, "opendkim.conf");
    writeFileSync(config, `ResolverConfiguration ${unbound}\n`);
    const key = join(dir, "key.pem");
    writeFileSync(key, rsaPem, { mode: 0o600 });
    return selectors.map((selector) => {
      const args = ["-x", config, "-d", domain, "-s", selector, "-vvv", "-k", key];
      const r = spawnSync(OPENDKIM_TESTKEY, args, { encoding: "utf8", timeout: 30_000 });
      const lines = `${r.stdout}${r.stderr}`
        .split("\n")
        .map((l) => l.replace(/^opendkim-testkey: /, "").trim())
        .filter((l) => l !== "" && !/^(checking key|key not secure|key OK|key secure|key loaded from)/.test(l));
      return { ok: r.status === 0 && lines.length === 0, message: lines.join("; ") };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
