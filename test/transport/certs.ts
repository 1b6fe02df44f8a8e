/**
 * Test certificates made with openssl (Debian package `openssl`): a CA, a server certificate for
 * the names given, and one for a wrong name. Written to a temporary folder per suite.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Files and PEM texts of a test PKI. */
export interface TestPki {
  dir: string;
  caPem: string;
  /** Issued by the CA, for `names`. */
  server: { cert: string; key: string; pem: string; der: Buffer };
  /** Issued by the CA, for `other.invalid` only. */
  wrong: { cert: string; key: string; pem: string };
  /** Self-signed for `names`. */
  selfSigned: { cert: string; key: string; pem: string };
  /** DER of the CA certificate. */
  caDer: Buffer;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr}`);
}

function leaf(dir: string, name: string, sans: string[], ca: boolean): void {
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`], dir);
  openssl(["req", "-new", "-key", `${name}.key`, "-subj", `/CN=${sans[0]}`, "-out", `${name}.csr`], dir);
  writeFileSync(
    join(dir, `${name}.ext`),
    `subjectAltName=${sans.map((s) => `DNS:${s}`).join(",")}\nextendedKeyUsage=serverAuth\n`,
  );
  if (ca) {
    openssl(
      [
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.pem`,
      ],
      dir,
    );
  } else {
    openssl(
      [
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-signkey",
        `${name}.key`,
        "-days",
        "2",
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.pem`,
      ],
      dir,
    );
  }
}

/** Makes a CA and certificates for `names` (and a wrong-name and a self-signed one). */
export function makePki(names: string[]): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "eaa-pki-"));
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], dir);
  openssl(
    [
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-subj",
      "/CN=email-auth-audit test CA",
      "-days",
      "2",
      "-out",
      "ca.pem",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  leaf(dir, "server", names, true);
  leaf(dir, "wrong", ["other.invalid"], true);
  leaf(dir, "self", names, false);
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return {
    dir,
    caPem: read("ca.pem"),
    caDer: der(read("ca.pem")),
    server: {
      cert: join(dir, "server.pem"),
      key: join(dir, "server.key"),
      pem: read("server.pem"),
      der: der(read("server.pem")),
    },
    wrong: { cert: join(dir, "wrong.pem"), key: join(dir, "wrong.key"), pem: read("wrong.pem") },
    selfSigned: { cert: join(dir, "self.pem"), key: join(dir, "self.key"), pem: read("self.pem") },
  };
}
