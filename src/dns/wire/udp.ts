import { createSocket } from "node:dgram";
import { isIP } from "node:net";
import { ipv6Nibbles } from "../names.ts";
import { checkReply, type WireQuery } from "./message.ts";
import { type ExchangeResult, exchangeWithDeadline, IgnoredReplies, type ServerAddress } from "./transport.ts";

/**
 * One query over UDP on a fresh socket (a new random source port per query, RFC 5452 §9.2).
 * Datagrams from any other address or port are ignored; replies that fail {@link checkReply} are
 * ignored too, and the wait goes on until an acceptable reply or the deadline.
 */
export function udpExchange(
  server: ServerAddress,
  query: WireQuery,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExchangeResult> {
  const ignored = new IgnoredReplies();
  return exchangeWithDeadline(timeoutMs, signal, ignored, (settle) => {
    const socket = createSocket(isIP(server.host) === 6 ? "udp6" : "udp4");
    socket.on("error", (error) => settle({ kind: "error", message: error.message }));
    socket.on("message", (bytes, from) => {
      if (!sameAddress(from.address, server.host) || from.port !== server.port) {
        ignored.add(`datagram from ${from.address}:${from.port}, not the server`);
        return;
      }
      const check = checkReply(query, bytes);
      if (check.ok) settle({ kind: "reply", packet: check.packet });
      else ignored.add(check.reason);
    });
    socket.send(query.bytes, server.port, server.host, (error) => {
      if (error) settle({ kind: "error", message: error.message });
    });
    return () => socket.close();
  });
}

function sameAddress(a: string, b: string): boolean {
  if (isIP(a) === 6 && isIP(b) === 6) return ipv6Nibbles(a) === ipv6Nibbles(b);
  return a === b;
}
