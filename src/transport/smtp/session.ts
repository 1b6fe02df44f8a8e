/**
 * The opening of an SMTP session: TCP connection, greeting (RFC 5321 §3.1, §4.3.1), EHLO with the
 * HELO fallback (RFC 5321 §3.2, §4.1.1.1), and single commands with their replies.
 */

import { connect as netConnect, type Socket } from "node:net";
import type { SmtpChannel } from "./channel.ts";
import { type ProbeClock, waitWithin } from "./clock.ts";
import { greetingDomain, parseEhloReply } from "./ehlo.ts";
import { causeOf, describeError, type Failure } from "./errors.ts";
import { replySummary } from "./reply.ts";
import type { BannerInfo, ConnectInfo, EhloInfo, ProbeStepName, SmtpReply } from "./types.ts";

/** A value or why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** Milliseconds since `start` (from `performance.now()`), whole. */
export function elapsed(start: number): number {
  return Math.round(performance.now() - start);
}

/** Opens the TCP connection to `address` (or the host name, resolved by the system) within the connect time limit. */
export function openSocket(
  target: { host: string; address: string | null; port: number },
  clock: ProbeClock,
  connectMs: number,
): Promise<Outcome<{ socket: Socket; info: ConnectInfo }>> {
  let socket: Socket | null = null;
  return waitWithin<Outcome<{ socket: Socket; info: ConnectInfo }>>(
    clock.budget(connectMs),
    "connect",
    (settle) => {
      const opened = netConnect({ host: target.address ?? target.host, port: target.port });
      socket = opened;
      const onError = (error: Error): void =>
        settle({ ok: false, failure: { cause: causeOf(error), step: "connect", detail: describeError(error) } });
      opened.once("error", onError);
      opened.once("connect", () => {
        const family =
          opened.remoteFamily === "IPv4" || opened.remoteFamily === "IPv6" ? opened.remoteFamily : "unknown";
        const info: ConnectInfo = {
          address: opened.remoteAddress ?? "",
          port: opened.remotePort ?? target.port,
          family,
        };
        settle({ ok: true, value: { socket: opened, info } });
      });
      return () => opened.off("error", onError);
    },
    (failure) => ({ ok: false, failure: { ...failure, step: "connect" } }),
  ).then((result) => {
    const opened = socket as Socket | null;
    if (!result.ok && opened !== null) {
      opened.on("error", () => {});
      opened.destroy();
    }
    return result;
  });
}

/** The EHLO argument for a client without a name of its own: its address literal (RFC 5321 §4.1.4, §4.1.3). */
export function addressLiteral(localAddress: string | undefined): string {
  if (localAddress === undefined || localAddress.length === 0) return "[127.0.0.1]";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(localAddress);
  if (mapped !== null) return `[${mapped[1]}]`;
  return localAddress.includes(":") ? `[IPv6:${localAddress}]` : `[${localAddress}]`;
}

/** Sends `command` and waits for its reply. */
export async function command(
  channel: SmtpChannel,
  line: string,
  step: ProbeStepName,
  clock: ProbeClock,
  ms: number,
): Promise<Outcome<SmtpReply>> {
  if (!channel.send(line)) {
    const reason = channel.endReason ?? { cause: "closed" as const, detail: "the connection is closed" };
    return { ok: false, failure: { ...reason, step } };
  }
  const read = await channel.readReply(step, clock.budget(ms));
  return read.ok ? { ok: true, value: read.reply } : read;
}

/** Reads the greeting. A banner other than 220 is a value (`accepted: false`), not a failure. */
export async function readBanner(channel: SmtpChannel, clock: ProbeClock, ms: number): Promise<Outcome<BannerInfo>> {
  const read = await channel.readReply("banner", clock.budget(ms));
  if (!read.ok) return read;
  const reply = read.reply;
  return { ok: true, value: { reply, accepted: reply.code === 220, domain: greetingDomain(reply.lines[0]) } };
}

/** A refusal carrying its reply. */
export function rejection(step: ProbeStepName, what: string, reply: SmtpReply): Failure {
  const cause = reply.code >= 400 ? "rejected" : "unexpected-reply";
  return { cause, step, detail: `${what}: ${replySummary(reply)}`, reply };
}

// RFC 5321 §3.2 and §4.3.2: a server without EHLO answers 500, 502 (or 504, 550): fall back to HELO.
const EHLO_UNSUPPORTED = new Set([500, 501, 502, 504, 550]);

/** EHLO, then HELO when the server does not know EHLO. */
export async function hello(
  channel: SmtpChannel,
  name: string,
  step: "ehlo" | "ehloAfterTls",
  clock: ProbeClock,
  ms: number,
): Promise<Outcome<EhloInfo>> {
  const ehlo = await command(channel, `EHLO ${name}`, step, clock, ms);
  if (!ehlo.ok) return ehlo;
  if (ehlo.value.code >= 200 && ehlo.value.code < 300) return { ok: true, value: parseEhloReply(ehlo.value) };
  if (!EHLO_UNSUPPORTED.has(ehlo.value.code))
    return { ok: false, failure: rejection(step, "EHLO refused", ehlo.value) };
  const helo = await command(channel, `HELO ${name}`, step, clock, ms);
  if (!helo.ok) return helo;
  if (helo.value.code >= 200 && helo.value.code < 300) return { ok: true, value: parseEhloReply(helo.value, true) };
  return { ok: false, failure: rejection(step, "EHLO and HELO refused", helo.value) };
}
