/**
 * `probeSmtp`: one (host, port) probed step by step — connection, greeting, EHLO, STARTTLS (RFC
 * 3207) or implicit TLS (RFC 8314), the certificate, AUTH in clear, the relay test — and QUIT.
 */

import type { SmtpChannel } from "./channel.ts";
import { describeError, type Failure } from "./errors.ts";
import { normalizeHost, type SmtpProbeOptions, settingsFor } from "./options.ts";
import { relayTest } from "./relay.ts";
import { ProbeRun } from "./run.ts";
import { addressLiteral, command, hello, openSocket, readBanner, rejection } from "./session.ts";
import { handshake } from "./tls.ts";
import type { EhloInfo, SmtpProbeResult } from "./types.ts";

/**
 * Probes one SMTP server. Only point it at hosts the organisation owns (its MX hosts, smart hosts
 * and submission servers): it opens connections and tries a relay.
 *
 * What it does: connects (to `options.address` when given, else to the host name), reads the
 * greeting, says EHLO, notes STARTTLS and AUTH, runs the TLS handshake (STARTTLS on 25 and 587,
 * implicit on 465) and checks the certificate for the host name with node:tls's own verification
 * against `options.ca` (node's roots by default), says EHLO again inside TLS, then tries
 * `MAIL FROM` an outside address and `RCPT TO` another (RFC 5321 §3.6.2, §7.1). It never sends
 * `DATA` or `AUTH`, and it always ends with `QUIT` on a connection still open.
 *
 * Never throws: bad options give `{ ok: false, error }`; a step that cannot complete is `unknown`
 * with its cause (timeout, refused connection, TLS failure...), never "absent".
 */
export async function probeSmtp(host: string, options: SmtpProbeOptions = {}): Promise<SmtpProbeResult> {
  let settings: ReturnType<typeof settingsFor>;
  try {
    settings = settingsFor(host, options ?? {});
  } catch (error) {
    settings = `bad options: ${describeError(error)}`;
  }
  if (typeof settings === "string") {
    const port = typeof options?.port === "number" ? options.port : 25;
    return { ok: false, host: normalizeHost(host) ?? String(host).slice(0, 256), port, error: settings };
  }
  const run = new ProbeRun(settings);
  try {
    if (settings.tlsMode === "implicit") await implicitFlow(run);
    else await starttlsFlow(run);
    await run.quitAll();
  } catch (error) {
    // A bug, not the server's doing: still a typed result.
    run.stop("quit", { cause: "error", step: "quit", detail: `internal error: ${describeError(error)}` });
    run.closeAll();
  }
  return run.report();
}

/** Connect, greeting and EHLO on a new connection; `tlsFirst` runs the handshake right after connecting (465). */
async function open(
  run: ProbeRun,
  record: boolean,
  tlsFirst: boolean,
): Promise<{ ok: true; channel: SmtpChannel; ehlo: EhloInfo } | { ok: false; failure: Failure }> {
  const { settings, clock } = run;
  let start = performance.now();
  const connected = await openSocket(settings, clock, settings.timeouts.connect);
  if (!connected.ok) return fail(run, record, "connect", connected.failure, start);
  if (record) run.ok("connect", connected.value.info, start);
  let socket = connected.value.socket;
  const localAddress = socket.localAddress;
  if (tlsFirst) {
    start = performance.now();
    const tls = await handshake(socket, tlsOptions(run), clock.budget(settings.timeouts.tls));
    if (!tls.ok) return fail(run, record, "tls", tls.failure, start);
    run.transcript.add("*", `TLS ${tls.info.protocol} ${tls.info.cipher.standardName}`);
    if (record) run.ok("tls", { ...tls.info, discardedBytes: 0 }, start);
    socket = tls.socket;
  }
  const channel = run.channel(socket);
  start = performance.now();
  const banner = await readBanner(channel, clock, settings.timeouts.banner);
  if (!banner.ok) return fail(run, record, "banner", banner.failure, start);
  if (record) run.ok("banner", banner.value, start);
  if (!banner.value.accepted)
    return fail(run, record, "ehlo", rejection("banner", "the server refused the session", banner.value.reply));
  start = performance.now();
  const name = settings.ehloName ?? addressLiteral(localAddress);
  const ehlo = await hello(channel, name, "ehlo", clock, settings.timeouts.command);
  if (!ehlo.ok) return fail(run, record, "ehlo", ehlo.failure, start);
  if (record) run.ok("ehlo", ehlo.value, start);
  return { ok: true, channel, ehlo: ehlo.value };
}

function fail(
  run: ProbeRun,
  record: boolean,
  step: Parameters<ProbeRun["stop"]>[0],
  failure: Failure,
  start?: number,
): { ok: false; failure: Failure } {
  if (record) run.stop(step, failure, start);
  return { ok: false, failure };
}

function tlsOptions(run: ProbeRun): Parameters<typeof handshake>[1] {
  const s = run.settings;
  return { host: s.host, ca: s.ca, maxChain: s.limits.maxChain, now: s.now };
}

/** Port 465 (RFC 8314 §3.3): TLS from the first byte, then the SMTP dialogue inside it. */
async function implicitFlow(run: ProbeRun): Promise<void> {
  for (const step of ["starttls", "ehloAfterTls", "authBeforeTls"] as const) run.skip(step, "implicit-tls");
  const opened = await open(run, true, true);
  if (!opened.ok) return;
  await relayStep(run, opened.channel, true, 1);
}

/** Ports 25 and 587: EHLO in clear, STARTTLS when offered (RFC 3207 §4), EHLO again inside TLS. */
async function starttlsFlow(run: ProbeRun): Promise<void> {
  const { settings, clock } = run;
  const opened = await open(run, true, false);
  if (!opened.ok) return;
  const { channel, ehlo } = opened;
  const start = performance.now();
  run.ok("authBeforeTls", { offered: ehlo.extensions.some((e) => e.keyword === "AUTH"), mechanisms: ehlo.auth }, start);
  run.ok("starttls", { offered: ehlo.starttls }, start);
  if (!ehlo.starttls) {
    run.skip("tls", "starttls-not-offered");
    run.skip("ehloAfterTls", "starttls-not-offered");
    await relayStep(run, channel, false, 1);
    return;
  }
  const tlsStart = performance.now();
  const reply = await command(channel, "STARTTLS", "tls", clock, settings.timeouts.command);
  if (!reply.ok || reply.value.code !== 220) {
    const failure = reply.ok ? rejection("tls", "STARTTLS refused", reply.value) : reply.failure;
    run.unknown("tls", failure, tlsStart);
    run.unknown("ehloAfterTls", failure);
    // After a refusal (RFC 3207 §4: e.g. 454) the session goes on in clear; after anything else
    // its state is unknown (the server may be waiting for a handshake): use a new connection.
    if (reply.ok && reply.value.code >= 400) return relayStep(run, channel, false, 1);
    channel.destroy();
    return relayStep(run, null, false, 2);
  }
  const discardedBytes = channel.release();
  if (discardedBytes > 0) run.transcript.add("*", `discarded ${discardedBytes} bytes sent before the TLS handshake`);
  const tls = await handshake(channel.socket, tlsOptions(run), clock.budget(settings.timeouts.tls));
  if (!tls.ok) {
    run.transcript.add("*", `TLS handshake failed: ${tls.failure.detail}`);
    run.unknown("tls", tls.failure, tlsStart);
    run.unknown("ehloAfterTls", tls.failure);
    channel.destroy();
    return relayStep(run, null, false, 2);
  }
  channel.adopt(tls.socket);
  run.transcript.add("*", `TLS ${tls.info.protocol} ${tls.info.cipher.standardName}`);
  run.ok("tls", { ...tls.info, discardedBytes }, tlsStart);
  const again = performance.now();
  const name = settings.ehloName ?? addressLiteral(tls.socket.localAddress);
  const ehlo2 = await hello(channel, name, "ehloAfterTls", clock, settings.timeouts.command);
  if (!ehlo2.ok) {
    run.stop("ehloAfterTls", ehlo2.failure, again);
    return;
  }
  run.ok("ehloAfterTls", ehlo2.value, again);
  await relayStep(run, channel, true, 1);
}

/**
 * The relay test on `channel`, or on a new connection in clear (`connection` 2) when the first
 * could not go on after a failed TLS handshake.
 */
async function relayStep(
  run: ProbeRun,
  channel: SmtpChannel | null,
  overTls: boolean,
  connection: 1 | 2,
): Promise<void> {
  const { settings, clock } = run;
  if (!settings.relayTest) {
    run.skip("relay", "disabled");
    return;
  }
  const start = performance.now();
  let session = channel;
  if (session === null) {
    run.transcript.add("*", "new connection in clear for the relay test");
    const opened = await open(run, false, false);
    if (!opened.ok) {
      const { failure } = opened;
      run.unknown("relay", { ...failure, detail: `second connection: ${failure.detail}` }, start);
      return;
    }
    session = opened.channel;
  }
  const result = await relayTest(
    session,
    { from: settings.relayFrom, to: settings.relayTo },
    clock,
    settings.timeouts.command,
  );
  if (!result.ok) {
    run.unknown("relay", result.failure, start);
    return;
  }
  run.ok("relay", { ...result.value, overTls, connection }, start);
}
