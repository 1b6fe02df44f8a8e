/**
 * One SMTP connection seen as replies: bytes from the server are split into lines (CRLF, or a bare
 * LF from sloppy servers) and folded into replies (RFC 5321 §4.2), within bounds on line length,
 * reply length and buffered bytes, so a hostile server cannot make the probe hold megabytes.
 */

import type { Socket } from "node:net";
import type { Budget } from "./clock.ts";
import { waitWithin } from "./clock.ts";
import { causeOf, describeError, type Failure } from "./errors.ts";
import { ReplyFolder, replySummary, sanitizeText } from "./reply.ts";
import type { ProbeStepName, SmtpLimits, SmtpReply } from "./types.ts";

/** A reply, or why none came. */
export type ReadResult = { ok: true; reply: SmtpReply } | { ok: false; failure: Failure };

/** The bounded record of a session: `C: ` commands, `S: ` replies, `*: ` events. */
export class Transcript {
  readonly entries: string[] = [];
  readonly #max: number;
  readonly #maxEntry: number;

  constructor(max: number, maxEntry: number) {
    this.#max = max;
    this.#maxEntry = maxEntry;
  }

  add(prefix: "C" | "S" | "*", text: string): void {
    if (this.entries.length > this.#max) return;
    if (this.entries.length === this.#max) {
      this.entries.push("*: transcript truncated");
      return;
    }
    const clean = sanitizeText(text);
    const entry = clean.length > this.#maxEntry ? `${clean.slice(0, this.#maxEntry)}…` : clean;
    this.entries.push(`${prefix}: ${entry}`);
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** Reads replies from, and writes commands to, one socket (plain or TLS). */
export class SmtpChannel {
  #socket: Socket;
  readonly #limits: SmtpLimits;
  readonly #transcript: Transcript;
  #pending: Buffer = Buffer.alloc(0);
  #lines: { text: string; bytes: number }[] = [];
  #queuedBytes = 0;
  #folder: ReplyFolder;
  /** Set once the connection cannot carry more replies (closed, reset, oversize). */
  #ended: { cause: Failure["cause"]; detail: string } | null = null;
  #wake: (() => void) | null = null;
  readonly #onData = (chunk: Buffer): void => this.#receive(chunk);
  readonly #onEnd = (): void => this.#end("closed", "the server closed the connection");
  readonly #onClose = (): void => this.#end("closed", "the connection closed");
  readonly #onError = (error: Error): void => this.#end(causeOf(error), describeError(error));

  constructor(socket: Socket, limits: SmtpLimits, transcript: Transcript) {
    this.#socket = socket;
    this.#limits = limits;
    this.#transcript = transcript;
    this.#folder = new ReplyFolder(limits.maxReplyLines, limits.maxBufferedBytes);
    this.#attach();
  }

  /** The socket can still carry commands. */
  get alive(): boolean {
    return this.#ended === null && !this.#socket.destroyed;
  }

  /** Why the connection ended, or null while it is open. */
  get endReason(): { cause: Failure["cause"]; detail: string } | null {
    return this.#ended;
  }

  /** The socket under this channel. */
  get socket(): Socket {
    return this.#socket;
  }

  /**
   * Stops reading the current socket so it can be handed to TLS, dropping whatever the server sent
   * after the last reply (RFC 3207 §5: nothing from before the handshake may be trusted). Returns
   * the number of bytes dropped.
   */
  release(): number {
    this.#detach();
    const dropped = this.#queuedBytes + this.#pending.length;
    this.#lines = [];
    this.#queuedBytes = 0;
    this.#pending = Buffer.alloc(0);
    this.#folder = new ReplyFolder(this.#limits.maxReplyLines, this.#limits.maxBufferedBytes);
    return dropped;
  }

  /** Continues on `socket` (the TLS socket wrapping the released one). */
  adopt(socket: Socket): void {
    this.#socket = socket;
    this.#ended = null;
    this.#attach();
  }

  /** Sends one command line (CRLF added) and records it. False when the connection is gone. */
  send(command: string): boolean {
    this.#transcript.add("C", command);
    if (!this.alive) return false;
    this.#socket.write(`${command}\r\n`);
    return true;
  }

  /** Waits for the next complete reply within `budget`. Never rejects. */
  readReply(step: ProbeStepName, budget: Budget): Promise<ReadResult> {
    const immediate = this.#take(step);
    if (immediate !== null) return Promise.resolve(immediate);
    return waitWithin<ReadResult>(
      budget,
      `${step} reply`,
      (settle) => {
        this.#wake = () => {
          const result = this.#take(step);
          if (result !== null) settle(result);
        };
        return () => {
          this.#wake = null;
        };
      },
      (failure) => ({ ok: false, failure: { ...failure, step } }),
    );
  }

  /** Closes the connection at once. */
  destroy(): void {
    this.#detach();
    this.#socket.destroy();
    if (this.#ended === null) this.#ended = { cause: "closed", detail: "the probe closed the connection" };
  }

  /** Folds queued lines into a reply; the end of the connection when no reply can come. */
  #take(step: ProbeStepName): ReadResult | null {
    while (this.#lines.length > 0) {
      const { text: line, bytes } = this.#lines.shift() as { text: string; bytes: number };
      this.#queuedBytes -= bytes;
      const folded = this.#folder.push(line);
      if (folded.kind === "more") continue;
      if (folded.kind === "error") {
        this.#transcript.add("S", line);
        return { ok: false, failure: { cause: folded.cause, step, detail: folded.detail } };
      }
      this.#transcript.add("S", replySummary(folded.reply) + (folded.reply.lines.length > 1 ? " …" : ""));
      return { ok: true, reply: folded.reply };
    }
    if (this.#ended !== null) return { ok: false, failure: { ...this.#ended, step } };
    return null;
  }

  #receive(chunk: Buffer): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    let start = 0;
    for (let lf = data.indexOf(LF, start); lf !== -1; lf = data.indexOf(LF, start)) {
      const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
      if (end - start > this.#limits.maxLineBytes) {
        this.#overflow(`a reply line longer than ${this.#limits.maxLineBytes} bytes`);
        return;
      }
      this.#lines.push({ text: data.toString("utf8", start, end), bytes: lf + 1 - start });
      this.#queuedBytes += lf + 1 - start;
      start = lf + 1;
      if (this.#queuedBytes > this.#limits.maxBufferedBytes) {
        this.#overflow(`more than ${this.#limits.maxBufferedBytes} bytes unanswered from the server`);
        return;
      }
    }
    data = data.subarray(start);
    if (data.length > this.#limits.maxLineBytes) {
      this.#overflow(`a reply line longer than ${this.#limits.maxLineBytes} bytes`);
      return;
    }
    if (this.#queuedBytes + data.length > this.#limits.maxBufferedBytes) {
      this.#overflow(`more than ${this.#limits.maxBufferedBytes} bytes unanswered from the server`);
      return;
    }
    this.#pending = Buffer.from(data);
    this.#wake?.();
  }

  #overflow(detail: string): void {
    this.#pending = Buffer.alloc(0);
    this.#transcript.add("*", `stopped reading: ${detail}`);
    // Lines already complete stay readable; the bound fails the reply that would need more.
    this.#ended = { cause: "oversize", detail };
    this.#detach();
    this.#socket.destroy();
    this.#wake?.();
  }

  #end(cause: Failure["cause"], detail: string): void {
    if (this.#ended === null) this.#ended = { cause, detail };
    this.#wake?.();
  }

  #attach(): void {
    this.#socket.on("data", this.#onData);
    this.#socket.on("end", this.#onEnd);
    this.#socket.on("close", this.#onClose);
    this.#socket.on("error", this.#onError);
  }

  #detach(): void {
    this.#socket.off("data", this.#onData);
    this.#socket.off("end", this.#onEnd);
    this.#socket.off("close", this.#onClose);
    // Keep an error listener so a late error on a socket we let go is not an uncaught exception.
    this.#socket.off("error", this.#onError);
    this.#socket.on("error", ignore);
  }
}

function ignore(): void {}
