/**
 * The state of one probe while it runs: the steps recorded so far, the failure that stopped it,
 * the connections to close, and the report built at the end (every step filled: a step never
 * reached carries the cause of the failure that stopped the probe).
 */

import { SmtpChannel, Transcript } from "./channel.ts";
import { ProbeClock } from "./clock.ts";
import { type Failure, unknownStep } from "./errors.ts";
import type { ProbeSettings } from "./options.ts";
import { command, elapsed } from "./session.ts";
import {
  type BannerInfo,
  type ConnectInfo,
  type EhloInfo,
  PROBE_STEPS,
  type ProbeStepName,
  type QuitInfo,
  type RelayInfo,
  type SkipReason,
  type SmtpProbeReport,
  type StarttlsInfo,
  type Step,
  type TlsInfo,
} from "./types.ts";

/** The value of each step. */
export interface StepValues {
  connect: ConnectInfo;
  banner: BannerInfo;
  ehlo: EhloInfo;
  starttls: StarttlsInfo;
  tls: TlsInfo;
  ehloAfterTls: EhloInfo;
  authBeforeTls: { offered: boolean; mechanisms: string[] };
  relay: RelayInfo;
  quit: QuitInfo;
}

/** One probe in progress. */
export class ProbeRun {
  readonly settings: ProbeSettings;
  readonly clock: ProbeClock;
  readonly transcript: Transcript;
  readonly #started = performance.now();
  readonly #startedAt = new Date().toISOString();
  readonly #steps: { [K in ProbeStepName]?: Step<unknown> } = {};
  readonly #channels: SmtpChannel[] = [];
  #stopped: Failure | null = null;

  constructor(settings: ProbeSettings) {
    this.settings = settings;
    this.clock = new ProbeClock(settings.deadlineMs, settings.signal);
    this.transcript = new Transcript(settings.limits.maxTranscript, settings.limits.maxTranscriptEntry);
  }

  /** A channel on `socket`, closed when the probe ends. */
  channel(socket: SmtpChannel["socket"]): SmtpChannel {
    const channel = new SmtpChannel(socket, this.settings.limits, this.transcript);
    this.#channels.push(channel);
    return channel;
  }

  ok<K extends ProbeStepName>(name: K, value: StepValues[K], start: number): void {
    this.#steps[name] = { status: "ok", ms: elapsed(start), value };
  }

  skip(name: ProbeStepName, reason: SkipReason): void {
    this.#steps[name] = { status: "skipped", reason };
  }

  /** Records a step as unknown; `start` when the failure happened in this step. */
  unknown(name: ProbeStepName, failure: Failure, start?: number): void {
    this.#steps[name] = unknownStep(failure, start === undefined ? undefined : elapsed(start));
  }

  /** Records the failure in `name` and stops: every step not yet recorded inherits it. */
  stop(name: ProbeStepName, failure: Failure, start?: number): void {
    this.unknown(name, failure, start);
    this.#stopped ??= failure;
  }

  has(name: ProbeStepName): boolean {
    return this.#steps[name] !== undefined;
  }

  /**
   * Sends QUIT on every open connection (RFC 5321 §4.1.1.10) and records the reply of the last as
   * the `quit` step; then closes them all.
   */
  async quitAll(): Promise<void> {
    const open = this.#channels.filter((c) => c.alive);
    const last = this.#channels.at(-1);
    for (const channel of open) {
      const start = performance.now();
      const reply = await command(channel, "QUIT", "quit", this.clock, this.settings.timeouts.quit);
      if (channel !== last || this.has("quit")) continue;
      if (reply.ok) this.ok("quit", { reply: reply.value }, start);
      else this.unknown("quit", reply.failure, start);
    }
    if (!this.has("quit") && last !== undefined && !last.alive && this.#stopped === null) {
      const reason = last.endReason ?? { cause: "closed" as const, detail: "the connection is closed" };
      this.unknown("quit", { ...reason, step: "quit" });
    }
    this.closeAll();
  }

  closeAll(): void {
    for (const channel of this.#channels) {
      channel.socket.end();
      channel.destroy();
    }
  }

  report(): SmtpProbeReport {
    const s = this.settings;
    const fallback: Failure = this.#stopped ?? {
      cause: "error",
      step: "quit",
      detail: "the probe ended before this step",
    };
    const step = (name: ProbeStepName): Step<unknown> => this.#steps[name] ?? unknownStep(fallback);
    const steps = Object.fromEntries(PROBE_STEPS.map((name) => [name, step(name)])) as {
      [K in ProbeStepName]: Step<StepValues[K]>;
    };
    return {
      ok: true,
      host: s.host,
      port: s.port,
      tlsMode: s.tlsMode,
      address: s.address,
      startedAt: this.#startedAt,
      ms: elapsed(this.#started),
      ...steps,
      transcript: this.transcript.entries,
    };
  }
}
