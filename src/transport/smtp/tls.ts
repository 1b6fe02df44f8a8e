/**
 * The TLS handshake of a probe, on a connected socket (after STARTTLS, RFC 3207 §4, or at once on
 * port 465, RFC 8314 §3.3), and what it tells: protocol, cipher, chain, and whether the chain is
 * trusted and valid for the host name by node:tls's own verification.
 */

import { isIP, type Socket } from "node:net";
import { checkServerIdentity, connect, type TLSSocket } from "node:tls";
import { peerChain } from "./certificate.ts";
import { type Budget, waitWithin } from "./clock.ts";
import { causeOf, describeError, type Failure } from "./errors.ts";
import type { TlsInfo } from "./types.ts";

/** What the handshake needs besides the socket. */
export interface HandshakeOptions {
  /** The host name to verify (and send as SNI unless it is an IP literal). */
  host: string;
  /** Trusted roots; node's bundled Mozilla roots when undefined. */
  ca: string | Buffer | Array<string | Buffer> | undefined;
  maxChain: number;
  /** Milliseconds since the epoch, for expiry. */
  now: number;
}

/** The handshake's outcome. */
export type HandshakeResult =
  | { ok: true; socket: TLSSocket; info: Omit<TlsInfo, "discardedBytes"> }
  | { ok: false; failure: Failure };

const DAY_MS = 86_400_000;

/**
 * Runs the handshake within `budget`. Certificates are never refused here (the probe reports on
 * them): `rejectUnauthorized` is off and the name is checked apart with `tls.checkServerIdentity`.
 * TLS 1.0 and 1.1 and weak ciphers are allowed (OpenSSL security level 0) so that a server that
 * only speaks them is reported as outdated rather than as failing.
 */
export function handshake(socket: Socket, options: HandshakeOptions, budget: Budget): Promise<HandshakeResult> {
  const serverName = isIP(options.host) === 0 ? options.host : null;
  let tlsSocket: TLSSocket | null = null;
  return waitWithin<HandshakeResult>(
    budget,
    "TLS handshake",
    (settle) => {
      const onError = (error: Error): void => {
        settle({ ok: false, failure: { cause: causeOf(error, true), step: "tls", detail: describeError(error) } });
      };
      const onClose = (): void => {
        settle({
          ok: false,
          failure: { cause: "tls", step: "tls", detail: "the server closed the connection during the handshake" },
        });
      };
      try {
        tlsSocket = connect({
          socket,
          ...(serverName !== null ? { servername: serverName } : {}),
          ca: options.ca,
          rejectUnauthorized: false,
          minVersion: "TLSv1",
          ciphers: "DEFAULT:@SECLEVEL=0",
          checkServerIdentity: () => undefined,
        });
      } catch (error) {
        settle({ ok: false, failure: { cause: "tls", step: "tls", detail: describeError(error) } });
        return () => {};
      }
      const created = tlsSocket;
      created.once("error", onError);
      created.once("close", onClose);
      created.once("secureConnect", () =>
        settle({ ok: true, socket: created, info: sessionInfo(created, options, serverName) }),
      );
      return () => {
        created.off("error", onError);
        created.off("close", onClose);
      };
    },
    (failure) => ({ ok: false, failure: { ...failure, step: "tls" } }),
  ).then((result) => {
    if (!result.ok) {
      const failed = tlsSocket as TLSSocket | null;
      failed?.on("error", () => {});
      failed?.destroy();
      socket.destroy();
    }
    return result;
  });
}

function sessionInfo(
  socket: TLSSocket,
  options: HandshakeOptions,
  serverName: string | null,
): Omit<TlsInfo, "discardedBytes"> {
  const cipher = socket.getCipher();
  const chain = peerChain(socket, options.maxChain);
  const leaf = chain[0];
  const chainError = socket.authorized ? null : (errorText(socket.authorizationError) ?? "NO_PEER_CERTIFICATE");
  let nameError: string | null = "no certificate";
  if (leaf !== undefined) {
    try {
      nameError = checkServerIdentity(options.host, socket.getPeerCertificate())?.message ?? null;
    } catch (error) {
      nameError = describeError(error);
    }
  }
  const notAfter = leaf === undefined ? Number.NaN : Date.parse(leaf.validTo);
  const notBefore = leaf === undefined ? Number.NaN : Date.parse(leaf.validFrom);
  const expired = Number.isFinite(notAfter) && notAfter < options.now;
  const notYetValid = Number.isFinite(notBefore) && notBefore > options.now;
  return {
    protocol: socket.getProtocol() ?? "unknown",
    cipher: { name: cipher.name, standardName: cipher.standardName, version: cipher.version },
    serverName,
    chain,
    chainTrusted: chainError === null,
    chainError,
    nameMatches: nameError === null,
    nameError,
    expired,
    notYetValid,
    daysToExpiry: Number.isFinite(notAfter) ? Math.floor((notAfter - options.now) / DAY_MS) : null,
    valid: chainError === null && nameError === null && !expired && !notYetValid,
  };
}

function errorText(error: Error | string | null | undefined): string | null {
  if (error === null || error === undefined) return null;
  return typeof error === "string" ? error : error.message;
}
