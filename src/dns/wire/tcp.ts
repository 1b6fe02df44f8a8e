import { connect } from "node:net";
import { checkReply, type WireQuery } from "./message.ts";
import { type ExchangeResult, exchangeWithDeadline, IgnoredReplies, type ServerAddress } from "./transport.ts";

/**
 * One query over TCP (RFC 7766): the message with its two-octet length prefix, then read replies
 * until one is acceptable, the server closes, or the deadline passes. Unacceptable replies are
 * counted, with the first few distinct reasons ({@link IgnoredReplies}); at most one message (64 KiB
 * plus its prefix) is buffered at a time.
 */
export function tcpExchange(
  server: ServerAddress,
  query: WireQuery,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExchangeResult> {
  const ignored = new IgnoredReplies();
  return exchangeWithDeadline(timeoutMs, signal, ignored, (settle) => {
    const socket = connect({ host: server.host, port: server.port });
    let buffered: Buffer = Buffer.alloc(0);
    socket.on("error", (error) => settle({ kind: "error", message: error.message }));
    socket.on("connect", () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.bytes.length);
      socket.write(Buffer.concat([prefix, query.bytes]));
    });
    socket.on("data", (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      // Each pass consumes one whole message; the two-octet prefix bounds it to 65,535 octets.
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) return;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        const check = checkReply(query, message);
        if (check.ok) return settle({ kind: "reply", packet: check.packet });
        ignored.add(check.reason);
      }
    });
    socket.on("end", () =>
      settle(
        ignored.count > 0
          ? { kind: "error", message: "connection closed", ignored }
          : { kind: "error", message: "connection closed before a reply" },
      ),
    );
    return () => socket.destroy();
  });
}
