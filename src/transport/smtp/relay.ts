/**
 * The relay test: does the host accept mail from a stranger to a stranger? An outside sender in
 * `MAIL FROM` and an outside recipient in `RCPT TO`, without AUTH, must be refused (RFC 5321 §3.6.2:
 * relaying only for authorised clients; §7.1). The test stops at the recipient's reply: `DATA` is
 * never sent, so no message can be relayed, and the caller ends the session with QUIT.
 */

import type { SmtpChannel } from "./channel.ts";
import type { ProbeClock } from "./clock.ts";
import { command, type Outcome, rejection } from "./session.ts";
import type { RelayInfo, SmtpReply } from "./types.ts";

/** The relay verdict of one reply, or null when the code is not a verdict (1xx, 3xx). */
function verdictOf(reply: SmtpReply): RelayInfo["verdict"] | null {
  if (reply.code >= 200 && reply.code < 300) return "accepted";
  if (reply.code >= 400 && reply.code < 500) return "deferred";
  if (reply.code >= 500) return "refused";
  return null;
}

/** Runs MAIL FROM and RCPT TO on an open session after EHLO. */
export async function relayTest(
  channel: SmtpChannel,
  addresses: { from: string; to: string },
  clock: ProbeClock,
  commandMs: number,
): Promise<Outcome<Pick<RelayInfo, "mailFrom" | "rcptTo" | "mail" | "rcpt" | "verdict">>> {
  const base = { mailFrom: addresses.from, rcptTo: addresses.to };
  const mail = await command(channel, `MAIL FROM:<${addresses.from}>`, "relay", clock, commandMs);
  if (!mail.ok) return mail;
  const mailVerdict = verdictOf(mail.value);
  if (mailVerdict === null) return { ok: false, failure: rejection("relay", "MAIL FROM answered", mail.value) };
  if (mailVerdict !== "accepted")
    return { ok: true, value: { ...base, mail: mail.value, rcpt: null, verdict: mailVerdict } };
  const rcpt = await command(channel, `RCPT TO:<${addresses.to}>`, "relay", clock, commandMs);
  if (!rcpt.ok) return rcpt;
  const rcptVerdict = verdictOf(rcpt.value);
  if (rcptVerdict === null) return { ok: false, failure: rejection("relay", "RCPT TO answered", rcpt.value) };
  return { ok: true, value: { ...base, mail: mail.value, rcpt: rcpt.value, verdict: rcptVerdict } };
}
