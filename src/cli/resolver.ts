/**
 * `--resolver`: where the DNS answers come from.
 *
 * - `system`: real DNS through the system's servers (`dns.getServers()`: `/etc/resolv.conf` on
 *   Unix) over UDP, TCP on truncation;
 * - `udp://HOST[:PORT]`, or `HOST[:PORT]` with no scheme: that server over UDP (TCP on
 *   truncation); HOST is an IP address (IPv6 in brackets when a port follows) or `localhost`
 *   (127.0.0.1, then ::1); any other name is refused with the form to type, since finding a DNS
 *   server's address would take DNS;
 * - `tcp://HOST[:PORT]`: that server over TCP only;
 * - `doh://URL`: DNS over HTTPS (RFC 8484) at URL, e.g. `doh://https://dns.example/dns-query`
 *   (`doh://dns.example/dns-query` means the same);
 * - `fixture:FILE`: a recorded DNS fixture, offline.
 */

import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { decodeText } from "../common/text-decode.ts";
import { checkDohUrl, DohResolver } from "../dns/doh.ts";
import { FixtureResolver } from "../dns/fixture/resolver.ts";
import { FixtureError } from "../dns/fixture/validate.ts";
import type { Resolver } from "../dns/types.ts";
import { parseServer } from "../dns/wire/resolv-conf.ts";
import { DnsResolver } from "../dns/wire/resolver.ts";
import { CliError, messageOf } from "./errors.ts";

/** A parsed `--resolver` value. */
export type ResolverSpec =
  | { kind: "system" }
  | { kind: "udp" | "tcp"; host: string; port: number }
  | { kind: "doh"; url: string }
  | { kind: "fixture"; file: string };

export const RESOLVER_FORMS =
  "system, HOST[:PORT] (UDP), udp://HOST[:PORT], tcp://HOST[:PORT], doh://URL or fixture:FILE";

/** The addresses `localhost` stands for, in the order they are tried (RFC 6761 §6.3). */
export const LOCALHOST = ["127.0.0.1", "::1"] as const;

/**
 * A DNS server's host and port from `HOST[:PORT]` (after `scheme` when one was typed), or a
 * {@link CliError} that shows the forms to type.
 */
function wireServer(scheme: "" | "udp://" | "tcp://", text: string): { host: string; port: number } {
  const server = parseServer(text);
  const port = Number.isInteger(server.port) && server.port >= 1 && server.port <= 65535 ? server.port : undefined;
  if (server.host.toLowerCase() !== "localhost" && isIP(server.host) === 0) {
    const p = /:(\d+)$/.exec(text)?.[1] ?? "53";
    throw new CliError(
      `${JSON.stringify(server.host)} is not an IP address: give the DNS server's address, e.g. ${scheme}192.0.2.53:${p}, ${scheme}[2001:db8::53]:${p} or ${scheme}localhost:${p}`,
    );
  }
  if (port === undefined) throw new CliError("the port must be a number from 1 to 65535");
  return { host: server.host.toLowerCase() === "localhost" ? "localhost" : server.host, port };
}

/** Parses a `--resolver` value; a malformed one is a {@link CliError} saying why (the caller names the flag). */
export function parseResolverSpec(text: string): ResolverSpec {
  const value = text.trim();
  if (value === "system") return { kind: "system" };
  const wire = /^(udp|tcp):\/\/(.+)$/i.exec(value);
  if (wire) {
    const kind = wire[1]?.toLowerCase() === "tcp" ? "tcp" : "udp";
    return { kind, ...wireServer(kind === "tcp" ? "tcp://" : "udp://", (wire[2] ?? "").replace(/\/$/, "")) };
  }
  const doh = /^doh:\/\/(.+)$/i.exec(value);
  if (doh) {
    const rest = doh[1] ?? "";
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest) && !/^https?:\/\//i.test(rest))
      throw new CliError("DNS over HTTPS needs an https URL");
    const url = /^https?:\/\//i.test(rest) ? rest : `https://${rest}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CliError(`${JSON.stringify(url)} is not a URL`);
    }
    // http:// only to a loopback host (a local DoH proxy); anything else must be https (RFC 8484 §5).
    const checked = checkDohUrl(parsed.href, true);
    if (!checked.ok) throw new CliError(`DNS over HTTPS needs an https URL: ${checked.reason}`);
    return { kind: "doh", url: parsed.href };
  }
  const fixture = /^fixture:(.+)$/i.exec(value);
  if (fixture) return { kind: "fixture", file: fixture[1] ?? "" };
  // HOST[:PORT] without a scheme: a server over UDP. An IPv6 address with a port needs brackets
  // (2001:db8::53:5353 is itself an IPv6 address); a name other than localhost is refused with
  // the form to type (wireServer).
  if (isIP(value) === 6) return { kind: "udp", host: value, port: 53 };
  if (/^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d+)?$/i.test(value) && /[.:]|^localhost$/i.test(value))
    return { kind: "udp", ...wireServer("", value) };
  throw new CliError(`${JSON.stringify(text)} is not one of: ${RESOLVER_FORMS}`);
}

/** Options of {@link createResolver}. */
export interface CreateResolverOptions {
  /** Milliseconds per DNS attempt (UDP/TCP) or per request (DoH). */
  timeoutMs?: number;
  /** Folder that a relative `fixture:` path resolves against. */
  cwd?: string;
  /** Ask for the AD bit (`--dnssec`): answers then say whether the resolver validated them (a fixture says it itself). */
  dnssec?: boolean;
}

/** Makes the resolver a spec names. A fixture that cannot be read or is invalid is a {@link CliError}. */
export async function createResolver(spec: ResolverSpec, options: CreateResolverOptions = {}): Promise<Resolver> {
  const timeout = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.dnssec === true ? { dnssec: true } : {}),
  };
  switch (spec.kind) {
    case "system":
      return new DnsResolver({ ...timeout });
    case "udp":
    case "tcp":
      return new DnsResolver({
        servers:
          spec.host === "localhost"
            ? LOCALHOST.map((host) => ({ host, port: spec.port }))
            : [{ host: spec.host, port: spec.port }],
        tcpOnly: spec.kind === "tcp",
        ...timeout,
      });
    case "doh":
      return new DohResolver({ url: spec.url, allowHttpLoopback: true, ...timeout });
    case "fixture": {
      const file = resolve(options.cwd ?? process.cwd(), spec.file);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`--resolver fixture:${spec.file}: ${code === "ENOENT" ? "no such file" : messageOf(error)}`);
      }
      // UTF-8 or UTF-16, with or without a byte-order mark (decodeText), like every input file.
      const decoded = decodeText(bytes);
      if (!decoded.ok) throw new CliError(`--resolver fixture:${spec.file}: the file ${decoded.error}`);
      try {
        let data: unknown;
        try {
          data = JSON.parse(decoded.text);
        } catch (error) {
          throw new FixtureError([{ pointer: "", path: "$", message: `not JSON: ${messageOf(error)}` }], file);
        }
        return new FixtureResolver(data, { source: file });
      } catch (error) {
        const [first = "", ...rest] = messageOf(error).split("\n");
        throw new CliError(
          `--resolver fixture:${spec.file}: ${first}`,
          rest.map((l) => l.trim()),
        );
      }
    }
  }
}
