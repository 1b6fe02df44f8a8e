import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { ServerAddress } from "./address.ts";

/** Reads the `nameserver` lines of a resolv.conf (resolv.conf(5)); falls back to 127.0.0.1 like the C library. */
export function parseResolvConf(text: string): ServerAddress[] {
  const servers: ServerAddress[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!match?.[1]) continue;
    const host = match[1].replace(/%.*$/, ""); // drop an IPv6 zone index
    if (isIP(host) !== 0) servers.push({ host, port: 53 });
  }
  return servers;
}

/** The servers of `/etc/resolv.conf`, or 127.0.0.1:53 when it lists none or cannot be read. */
export function systemServers(path = "/etc/resolv.conf"): ServerAddress[] {
  try {
    const servers = parseResolvConf(readFileSync(path, "utf8"));
    if (servers.length > 0) return servers;
  } catch {
    // no resolv.conf: same default as the C library
  }
  return [{ host: "127.0.0.1", port: 53 }];
}

/** Parses `HOST`, `HOST:PORT`, `[V6]:PORT` or a bare IPv6 address. */
export function parseServer(text: string, defaultPort = 53): ServerAddress {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket?.[1]) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : defaultPort };
  if (isIP(text) === 6) return { host: text, port: defaultPort };
  const [host = "", port] = text.split(":");
  return { host, port: port ? Number(port) : defaultPort };
}
