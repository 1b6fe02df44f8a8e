import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A self-signed certificate made with `openssl` (Debian package `openssl`), valid for 127.0.0.1 and localhost. */
export interface TestCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate in PEM: trust it as the CA. */
  certPem: string;
  keyPem: string;
}

/** Makes a self-signed certificate in `dir` (two days, RSA 2048, SAN localhost and 127.0.0.1). */
export function makeCertificate(dir: string): TestCertificate {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { certFile, keyFile, certPem: readFileSync(certFile, "utf8"), keyPem: readFileSync(keyFile, "utf8") };
}
