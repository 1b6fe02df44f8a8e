import { getServers } from "node:dns";
import { isIP } from "node:net";
import type { ServerAddress } from "./address.ts";

/** Parses `HOST`, `HOST:PORT`, `[V6]:PORT` or a bare IPv6 address. */
export function parseServer(text: string, defaultPort = 53): ServerAddress {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket?.[1]) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : defaultPort };
  if (isIP(text) === 6) return { host: text, port: defaultPort };
  const [host = "", port] = text.split(":");
  return { host, port: port ? Number(port) : defaultPort };
}

/**
 * The system's DNS servers, as Node's own resolver knows them (`dns.getServers()`: read from
 * `/etc/resolv.conf` on Unix, or from the system's settings on Windows, when the process starts,
 * and changed by `dns.setServers()`). Entries that are not IP addresses are skipped; with none left,
 * 127.0.0.1:53, the C library's default (resolv.conf(5)).
 */
export function systemServers(servers: () => string[] = getServers): ServerAddress[] {
  const found: ServerAddress[] = [];
  let listed: string[] = [];
  try {
    listed = servers();
  } catch {
    // no configuration at all: the default below
  }
  for (const text of listed) {
    const server = parseServer(text);
    if (isIP(server.host) !== 0 && Number.isInteger(server.port) && server.port > 0 && server.port < 65536)
      found.push(server);
  }
  return found.length > 0 ? found : [{ host: "127.0.0.1", port: 53 }];
}
