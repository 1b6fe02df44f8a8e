/**
 * Scripted fake SMTP servers (node:net on loopback) for the SMTP probe's tests: each connection
 * runs a script that writes what it likes and reads the client's lines, which it records.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { expect } from "vitest";
import { probeSmtp } from "../../src/transport/smtp/index.ts";
import type { SmtpProbeOptions } from "../../src/transport/smtp/options.ts";
import type { SmtpProbeReport, SmtpProbeResult } from "../../src/transport/smtp/types.ts";

/** One connection seen from the fake server: what the client sent, line by line. */
export interface Conn {
  socket: Socket;
  received: string[];
  write(text: string): void;
  /** The next line from the client, or null when it closed or `ms` passed. */
  line(ms?: number): Promise<string | null>;
  /** Upgrades to TLS as a server with `cert`. */
  startTls(files: { cert: string; key: string }): Promise<void>;
}

export interface Fake {
  port: number;
  conns: Conn[];
  close(): Promise<void>;
}

function wrap(socket: Socket): Conn {
  const received: string[] = [];
  let buffer = "";
  let waiter: (() => void) | null = null;
  let closed = false;
  let current = socket;
  const onData = (d: Buffer): void => {
    buffer += d.toString("latin1");
    waiter?.();
  };
  const onEnd = (): void => {
    closed = true;
    waiter?.();
  };
  const attach = (s: Socket): void => {
    s.on("data", onData);
    s.on("end", onEnd);
    s.on("close", onEnd);
    s.on("error", () => {});
  };
  attach(socket);
  const conn: Conn = {
    socket,
    received,
    write: (text) => {
      if (!current.destroyed) current.write(text);
    },
    line: async (ms = 3000) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const lf = buffer.indexOf("\n");
        if (lf !== -1) {
          const line = buffer.slice(0, lf).replace(/\r$/, "");
          buffer = buffer.slice(lf + 1);
          received.push(line);
          return line;
        }
        if (closed) return null;
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
      return null;
    },
    startTls: (files) =>
      new Promise((resolve) => {
        current.off("data", onData);
        const secure = new TLSSocket(current, {
          isServer: true,
          cert: readFileSync(files.cert),
          key: readFileSync(files.key),
        });
        secure.on("error", () => resolve());
        secure.once("secure", () => resolve());
        current = secure;
        attach(secure);
      }),
  };
  return conn;
}

export async function fake(script: (conn: Conn, index: number) => Promise<void>): Promise<Fake> {
  const conns: Conn[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const conn = wrap(socket);
    conns.push(conn);
    script(conn, conns.length - 1)
      .catch(() => {})
      .finally(() => {
        // Keep the connection until the client leaves: the script decides when to close.
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    conns,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers commands like a plain server: EHLO with `ehlo` lines, MAIL/RCPT/QUIT with the given replies. */
export async function dialogue(
  conn: Conn,
  replies: { ehlo?: string; mail?: string; rcpt?: string; starttls?: string; tls?: { cert: string; key: string } } = {},
): Promise<void> {
  for (let n = 0; n < 20; n++) {
    const line = await conn.line();
    if (line === null) return;
    const verb = line.split(" ")[0]?.toUpperCase();
    if (verb === "EHLO" || verb === "HELO") conn.write(replies.ehlo ?? "250-fake.example\r\n250 PIPELINING\r\n");
    else if (verb === "MAIL") conn.write(replies.mail ?? "250 2.1.0 Ok\r\n");
    else if (verb === "RCPT") conn.write(replies.rcpt ?? "554 5.7.1 Relay access denied\r\n");
    else if (verb === "STARTTLS") {
      conn.write(replies.starttls ?? "220 2.0.0 Ready\r\n");
      if (replies.tls !== undefined && (replies.starttls ?? "220").startsWith("220")) await conn.startTls(replies.tls);
    } else if (verb === "QUIT") {
      conn.write("221 2.0.0 Bye\r\n");
      conn.socket.end();
      return;
    } else conn.write("502 5.5.2 Error: command not recognized\r\n");
  }
}

/** Short time limits for fake servers on loopback (with room for a loaded CI machine). */
export const FAST: SmtpProbeOptions = {
  address: "127.0.0.1",
  timeouts: { connect: 2000, banner: 1000, command: 1000, tls: 3000, quit: 500 },
  deadlineMs: 10_000,
};

/** Probes `mx.example.test` at 127.0.0.1:port; fails the test on an input error; checks the result is plain JSON. */
export async function probeFake(port: number, options: SmtpProbeOptions = {}): Promise<SmtpProbeReport> {
  const result: SmtpProbeResult = await probeSmtp("mx.example.test", { ...FAST, port, ...options });
  if (!result.ok) throw new Error(`input refused: ${result.error}`);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  return result;
}

/** The client never sent DATA, BDAT or AUTH on any connection. */
export function expectNoDataNoAuth(server: Fake): void {
  for (const conn of server.conns)
    for (const line of conn.received) expect(line.toUpperCase()).not.toMatch(/^(DATA|AUTH|BDAT)\b/);
}
