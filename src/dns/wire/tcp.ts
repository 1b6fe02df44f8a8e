import { connect } from "node:net";
import { checkReply, type WireQuery } from "./message.ts";
import { type ExchangeResult, exchangeWithDeadline, type ServerAddress } from "./transport.ts";

/** Largest DNS message over TCP (a 16-bit length prefix, RFC 1035 §4.2.2). */
const MAX_TCP_MESSAGE = 0xffff;

/**
 * One query over TCP (RFC 7766): the message with its two-octet length prefix, then read replies
 * until one is acceptable, the server closes, or the deadline passes.
 */
export function tcpExchange(
  server: ServerAddress,
  query: WireQuery,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExchangeResult> {
  const ignored: string[] = [];
  return exchangeWithDeadline(timeoutMs, signal, ignored, (settle) => {
    const socket = connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    socket.on("error", (error) => settle({ kind: "error", message: error.message }));
    socket.on("connect", () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.bytes.length);
      socket.write(Buffer.concat([prefix, query.bytes]));
    });
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (length > MAX_TCP_MESSAGE || buffered.length < 2 + length) return;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        const check = checkReply(query, message);
        if (check.ok) return settle({ kind: "reply", packet: check.packet });
        ignored.push(check.reason);
      }
    });
    socket.on("end", () =>
      settle(
        ignored.length > 0
          ? { kind: "error", message: `connection closed; ignored: ${ignored.join("; ")}` }
          : { kind: "error", message: "connection closed before a reply" },
      ),
    );
    return () => socket.destroy();
  });
}
