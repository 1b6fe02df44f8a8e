/**
 * probeSmtp's TLS paths against a fake server with certificates made by openssl: bytes injected
 * before the handshake, a failed handshake (the relay test moves to a second connection), a
 * self-signed certificate.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "../helpers/postfix.ts";
import { requireBinary } from "../helpers/servers.ts";
import { dialogue, type Fake, fake, probeFake } from "../helpers/smtp-fake.ts";

describe("probeSmtp TLS paths against a fake server with real certificates", () => {
  let certs: TestCertificates;
  let dir = "";
  const servers: Fake[] = [];
  const run = requireBinary("openssl", "openssl");

  beforeAll(() => {
    if (!run) return;
    dir = mkdtempSync(join(tmpdir(), "eaa-smtp-certs-"));
    certs = makeTestCertificates(dir, "mx.example.test");
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(run)("bytes sent after the STARTTLS reply are discarded, not read as a reply (RFC 3207 §5)", async () => {
    const server = await fake(async (conn) => {
      conn.write("220 x\r\n");
      await conn.line();
      conn.write("250-x\r\n250 STARTTLS\r\n");
      await conn.line();
      conn.write("220 go\r\n250 injected\r\n");
      await conn.startTls(certs.good);
      await dialogue(conn, { ehlo: "250 x\r\n" });
    });
    servers.push(server);
    const r = await probeFake(server.port, { ca: certs.caPem });
    expect(r.tls).toMatchObject({ status: "ok", value: { valid: true, discardedBytes: "250 injected\r\n".length } });
    expect(r.ehloAfterTls).toMatchObject({ status: "ok", value: { reply: { code: 250, lines: ["x"] } } });
    expect(r.relay).toMatchObject({ status: "ok", value: { overTls: true, verdict: "refused" } });
  });

  it.runIf(run)(
    "a handshake that fails: TLS unknown (tls), the relay test runs on a second connection in clear",
    async () => {
      const server = await fake(async (conn, index) => {
        conn.write("220 x\r\n");
        if (index === 0) {
          await conn.line();
          conn.write("250-x\r\n250 STARTTLS\r\n");
          await conn.line();
          conn.write("220 go\r\nthis is not a TLS server hello\r\n");
          await conn.line();
          conn.socket.end();
          return;
        }
        await dialogue(conn, { ehlo: "250-x\r\n250 STARTTLS\r\n" });
      });
      servers.push(server);
      const r = await probeFake(server.port, { ca: certs.caPem });
      expect(r.starttls).toMatchObject({ status: "ok", value: { offered: true } });
      expect(r.tls).toMatchObject({ status: "unknown", cause: "tls", step: "tls" });
      expect(r.ehloAfterTls).toMatchObject({ status: "unknown", cause: "tls" });
      expect(r.relay).toMatchObject({ status: "ok", value: { verdict: "refused", overTls: false, connection: 2 } });
      expect(r.quit).toMatchObject({ status: "ok" });
      expect(server.conns).toHaveLength(2);
      expect(server.conns[1]?.received.at(-1)).toBe("QUIT");
    },
  );

  it.runIf(run)("a self-signed certificate: handshake ok, chain untrusted, the name matches", async () => {
    const server = await fake(async (conn) => {
      conn.write("220 x\r\n");
      await dialogue(conn, { ehlo: "250-x\r\n250 STARTTLS\r\n", tls: certs.selfSigned });
    });
    servers.push(server);
    const r = await probeFake(server.port, { ca: certs.caPem });
    expect(r.tls).toMatchObject({
      status: "ok",
      value: { chainTrusted: false, chainError: "DEPTH_ZERO_SELF_SIGNED_CERT", nameMatches: true, valid: false },
    });
    expect(r.tls.status === "ok" && r.tls.value.chain[0]?.selfSigned).toBe(true);
  });
});
