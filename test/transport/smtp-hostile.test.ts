/**
 * probeSmtp against scripted fake servers (node:net on loopback): hostile or broken servers give
 * typed, bounded results and never a throw; the probe never sends DATA or AUTH and sends QUIT on
 * every connection still open.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Step } from "../../src/transport/smtp/types.ts";
import { type Conn, dialogue, expectNoDataNoAuth, type Fake, fake, probeFake } from "../helpers/smtp-fake.ts";

function unknownCause(step: Step<unknown>): string {
  return step.status === "unknown" ? step.cause : `not unknown but ${step.status}`;
}

describe("probeSmtp against hostile and broken servers", () => {
  const servers: Fake[] = [];
  const start = async (script: (conn: Conn, index: number) => Promise<void>): Promise<Fake> => {
    const server = await fake(script);
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("an over-long line: stops reading at the bound, banner unknown (oversize)", async () => {
    const server = await start(async (conn) => {
      conn.write("220-".padEnd(200_000, "x"));
      await conn.line(2000);
    });
    const started = Date.now();
    const r = await probeFake(server.port, { limits: { maxLineBytes: 1024 } });
    expect(unknownCause(r.banner)).toBe("oversize");
    expect(unknownCause(r.ehlo)).toBe("oversize");
    expect(r.banner.status === "unknown" && r.banner.step).toBe("banner");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("a flood of short lines: bounded by the reply's line limit", async () => {
    const server = await start(async (conn) => {
      conn.write("220-x\r\n".repeat(5000));
      await conn.line(2000);
    });
    const r = await probeFake(server.port);
    expect(unknownCause(r.banner)).toBe("oversize");
  });

  it("long lines in a long reply: bounded by the reply's size, slowly sent or not", async () => {
    const server = await start(async (conn) => {
      for (let i = 0; i < 100; i++) {
        conn.write(`220-${"y".repeat(2000)}\r\n`);
        await new Promise((r) => setImmediate(r));
      }
      await conn.line(2000);
    });
    const r = await probeFake(server.port);
    expect(r.banner).toMatchObject({
      status: "unknown",
      cause: "oversize",
      detail: "reply longer than 65536 characters",
    });
  });

  it("garbage instead of a banner: malformed, and QUIT is still sent", async () => {
    const server = await start(async (conn) => {
      conn.write("HELLO THERE, I AM NOT SMTP\r\n");
      await conn.line();
    });
    const r = await probeFake(server.port);
    expect(unknownCause(r.banner)).toBe("malformed");
    expect(unknownCause(r.starttls)).toBe("malformed");
    expect(server.conns[0]?.received).toEqual(["QUIT"]);
  });

  it("a banner, then silence: EHLO times out, every later step is unknown, QUIT sent", async () => {
    const server = await start(async (conn) => {
      conn.write("220 mx.example.test ESMTP\r\n");
      await conn.line(); // EHLO, never answered
      await conn.line(); // QUIT, never answered
    });
    const r = await probeFake(server.port);
    expect(r.banner.status).toBe("ok");
    expect(r.ehlo).toMatchObject({ status: "unknown", cause: "timeout", step: "ehlo" });
    for (const step of [r.starttls, r.tls, r.ehloAfterTls, r.authBeforeTls, r.relay]) {
      expect(step).toMatchObject({ status: "unknown", cause: "timeout", step: "ehlo" });
    }
    expect(r.quit).toMatchObject({ status: "unknown", cause: "timeout" });
    expect(server.conns[0]?.received).toEqual(["EHLO [127.0.0.1]", "QUIT"]);
  });

  it("silence from the start: banner timeout", async () => {
    const server = await start(async (conn) => {
      await conn.line(2000);
    });
    const r = await probeFake(server.port);
    expect(r.banner).toMatchObject({ status: "unknown", cause: "timeout" });
    expect(r.connect.status).toBe("ok");
  });

  it("a 554 banner: the refusal is data, the rest is unknown (rejected), QUIT sent (RFC 5321 §3.1)", async () => {
    const server = await start(async (conn) => {
      conn.write("554 5.7.1 No SMTP service here\r\n");
      await dialogue(conn);
    });
    const r = await probeFake(server.port);
    expect(r.banner).toMatchObject({ status: "ok", value: { accepted: false, reply: { code: 554 } } });
    expect(r.ehlo).toMatchObject({ status: "unknown", cause: "rejected", step: "banner", reply: { code: 554 } });
    expect(r.starttls).toMatchObject({ status: "unknown", cause: "rejected" });
    expect(r.quit).toMatchObject({ status: "ok", value: { reply: { code: 221 } } });
    expect(server.conns[0]?.received).toEqual(["QUIT"]);
  });

  it("multi-line junk: a reply that changes its code is malformed", async () => {
    const server = await start(async (conn) => {
      conn.write("220 hi\r\n");
      await conn.line();
      conn.write("250-fake.example\r\n251-STARTTLS\r\n\u0000\u00ff\r\n");
      await conn.line();
    });
    const r = await probeFake(server.port);
    expect(unknownCause(r.ehlo)).toBe("malformed");
    expect(r.ehlo.status === "unknown" && r.ehlo.detail).toMatch(/RFC 5321 §4\.2\.1/);
    expect(unknownCause(r.starttls)).toBe("malformed");
  });

  it("the server closes at once: banner unknown (closed)", async () => {
    const server = await start(async (conn) => {
      conn.socket.end();
    });
    const r = await probeFake(server.port);
    expect(unknownCause(r.banner)).toBe("closed");
  });

  it("a refused connection: every step unknown (refused), never 'not offered'", async () => {
    const server = await start(async () => {});
    const port = server.port;
    await server.close();
    const r = await probeFake(port);
    expect(r.connect).toMatchObject({ status: "unknown", cause: "refused", step: "connect" });
    for (const step of [r.banner, r.ehlo, r.starttls, r.tls, r.authBeforeTls, r.relay, r.quit])
      expect(step).toMatchObject({ status: "unknown", cause: "refused" });
  });

  it("the overall deadline ends a slow server: cause deadline", async () => {
    const server = await start(async (conn) => {
      await conn.line(3000);
    });
    const r = await probeFake(server.port, { timeouts: { banner: 2000 }, deadlineMs: 300 });
    expect(r.banner).toMatchObject({ status: "unknown", cause: "deadline" });
    expect(r.ms).toBeLessThan(1500);
  });

  it("once the deadline has passed, no new connection is opened (not even for the relay test)", async () => {
    const server = await start(async (conn) => {
      conn.write("220 x\r\n");
      await conn.line();
      conn.write("250-x\r\n250 STARTTLS\r\n");
      await conn.line(); // STARTTLS, never answered
      await conn.line(); // QUIT
    });
    const r = await probeFake(server.port, { timeouts: { command: 2000 }, deadlineMs: 300 });
    expect(r.tls).toMatchObject({ status: "unknown", cause: "deadline" });
    expect(r.relay).toMatchObject({ status: "unknown", cause: "deadline" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.conns).toHaveLength(1);
  });

  it("an AbortSignal ends the probe: cause aborted", async () => {
    const server = await start(async (conn) => {
      await conn.line(3000);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 100);
    const r = await probeFake(server.port, { timeouts: { banner: 2000 }, signal: controller.signal });
    expect(r.banner).toMatchObject({ status: "unknown", cause: "aborted" });
    expect(r.banner.status === "unknown" && r.banner.detail).toMatch(/user cancelled/);
  });

  it("EHLO unknown to the server: HELO fallback, so no STARTTLS (definitely), relay tested", async () => {
    const server = await start(async (conn) => {
      conn.write("220 old.example\r\n");
      const first = await conn.line();
      if (first?.startsWith("EHLO")) conn.write("502 5.5.1 EHLO not implemented\r\n");
      await dialogue(conn, { ehlo: "250 old.example\r\n" });
    });
    const r = await probeFake(server.port);
    expect(r.ehlo).toMatchObject({ status: "ok", value: { helo: true, starttls: false } });
    expect(r.starttls).toMatchObject({ status: "ok", value: { offered: false } });
    expect(r.tls).toEqual({ status: "skipped", reason: "starttls-not-offered" });
    expect(r.relay).toMatchObject({ status: "ok", value: { verdict: "refused", overTls: false, connection: 1 } });
    expect(server.conns[0]?.received.map((l) => l.split(" ")[0])).toEqual(["EHLO", "HELO", "MAIL", "RCPT", "QUIT"]);
  });

  it("an open relay: RCPT 250 is 'accepted'; DATA is never sent and QUIT always is", async () => {
    const server = await start(async (conn) => {
      conn.write("220 relay.example\r\n");
      await dialogue(conn, { rcpt: "250 2.1.5 Ok\r\n" });
    });
    const r = await probeFake(server.port);
    expect(r.relay).toMatchObject({
      status: "ok",
      value: { verdict: "accepted", mailFrom: "relay-probe@example.net", rcptTo: "relay-probe@example.com" },
    });
    expect(server.conns[0]?.received.at(-1)).toBe("QUIT");
    expectNoDataNoAuth(server);
  });

  it.each([
    ["MAIL refused", { mail: "530 5.7.0 Must issue a STARTTLS command first\r\n" }, "refused", null],
    ["RCPT deferred", { rcpt: "454 4.7.1 Relay access denied\r\n" }, "deferred", 454],
    ["MAIL deferred", { mail: "421 4.3.2 Try later\r\n" }, "deferred", null],
  ])("relay verdicts: %s", async (_name, replies, verdict, rcptCode) => {
    const server = await start(async (conn) => {
      conn.write("220 x\r\n");
      await dialogue(conn, replies);
    });
    const r = await probeFake(server.port, { relayTest: true });
    expect(r.relay).toMatchObject({ status: "ok", value: { verdict } });
    expect(r.relay.status === "ok" && (r.relay.value.rcpt?.code ?? null)).toBe(rcptCode);
  });

  it("relayTest: false skips the relay test", async () => {
    const server = await start(async (conn) => {
      conn.write("220 x\r\n");
      await dialogue(conn);
    });
    const r = await probeFake(server.port, { relayTest: false });
    expect(r.relay).toEqual({ status: "skipped", reason: "disabled" });
    expect(server.conns[0]?.received.map((l) => l.split(" ")[0])).toEqual(["EHLO", "QUIT"]);
  });

  it("a 3xx to RCPT is not a verdict: unknown (unexpected-reply)", async () => {
    const server = await start(async (conn) => {
      conn.write("220 x\r\n");
      await dialogue(conn, { rcpt: "354 go ahead\r\n" });
    });
    const r = await probeFake(server.port);
    expect(r.relay).toMatchObject({ status: "unknown", cause: "unexpected-reply", reply: { code: 354 } });
  });

  it("STARTTLS refused with 454: TLS unknown (rejected), the relay test goes on in clear", async () => {
    const server = await start(async (conn) => {
      conn.write("220 x\r\n");
      await dialogue(conn, { ehlo: "250-x\r\n250 STARTTLS\r\n", starttls: "454 4.7.0 TLS not available\r\n" });
    });
    const r = await probeFake(server.port);
    expect(r.starttls).toMatchObject({ status: "ok", value: { offered: true } });
    expect(r.tls).toMatchObject({ status: "unknown", cause: "rejected", reply: { code: 454 } });
    expect(r.relay).toMatchObject({ status: "ok", value: { overTls: false, connection: 1 } });
  });

  it("random bytes from the server never make the probe throw or hang", async () => {
    let payload: Buffer = Buffer.alloc(0);
    const server = await start(async (conn) => {
      conn.socket.write(payload);
      await dialogue(conn, { ehlo: payload.toString("latin1") });
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
          fc
            .array(
              fc.constantFrom("220 ", "250-", "250 ", "554 ", "\r\n", "\n", "STARTTLS", "AUTH PLAIN", "x", "\u0000"),
              {
                maxLength: 30,
              },
            )
            .map((parts) => Buffer.from(parts.join(""), "latin1")),
        ),
        async (bytes) => {
          payload = bytes;
          const r = await probeFake(server.port, { timeouts: { banner: 150, command: 150, quit: 100, tls: 300 } });
          for (const key of [
            "connect",
            "banner",
            "ehlo",
            "starttls",
            "tls",
            "ehloAfterTls",
            "authBeforeTls",
            "relay",
            "quit",
          ] as const)
            expect(["ok", "unknown", "skipped"]).toContain(r[key].status);
          expect(r.transcript.length).toBeLessThanOrEqual(201);
        },
      ),
      { numRuns: 25 },
    );
    expectNoDataNoAuth(server);
  }, 60_000);
});
