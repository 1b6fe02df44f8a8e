/**
 * Types of {@link verifyMessage}: options, the SPF and DMARC hooks (this library's `checkHost` and
 * `evaluateDmarc` by default; a caller may inject other evaluators), and the plain-data result. The
 * result names are the protocol modules' own unions: `SpfResult`, `DkimResult`, `DmarcResult`.
 */
import type { DkimKeyLookup, DkimResult } from "../dkim/types.ts";
import type { DmarcPolicy, DmarcResult } from "../dmarc/types.ts";
import type { Resolver } from "../dns/types.ts";
import type { SpfResult } from "../spf/types.ts";
import type { MessageDiagnostic } from "./diagnostics.ts";

/** What the SPF hook is asked (RFC 7208 §4.1 check_host inputs). */
export interface SpfHookInput {
  ip: string;
  /** The MAIL FROM address; `""` for the null reverse-path (then SPF checks the HELO identity, RFC 7208 §2.4). */
  mailFrom: string;
  helo?: string;
  resolver: Resolver;
  signal?: AbortSignal;
}

/** Evaluates SPF (default: this library's `checkHost`). `domain` is the domain checked. */
export type SpfHook = (input: SpfHookInput) => Promise<{ result: SpfResult; domain: string }>;

/** What the DMARC hook is asked. */
export interface DmarcHookInput {
  /** The RFC5322.From domain (RFC 7489 §3.1). */
  fromDomain: string;
  spf: { result: SpfResult; domain: string | null };
  dkim: { domain: string; selector: string; result: DkimResult }[];
  resolver: Resolver;
  signal?: AbortSignal;
}

/** Evaluates DMARC (default: this library's `evaluateDmarc`). */
export type DmarcHook = (input: DmarcHookInput) => Promise<{
  result: DmarcResult;
  alignedBy: ("spf" | "dkim")[];
  policy: DmarcPolicy | null;
}>;

/** Options of {@link verifyMessage}. */
export interface VerifyMessageOptions {
  resolver: Resolver;
  /** The connecting client's IP, for SPF. */
  ip?: string;
  /** The SMTP MAIL FROM; default: the message's Return-Path. */
  mailFrom?: string;
  /** The SMTP HELO/EHLO name. */
  helo?: string;
  /** The clock for signature expiry (x=). Default: now. */
  now?: Date | number;
  /** SPF evaluator; default: this library's `checkHost` (SPF is evaluated only with `ip`). */
  spf?: SpfHook;
  /** DMARC evaluator; default: this library's `evaluateDmarc`. */
  dmarc?: DmarcHook;
  signal?: AbortSignal;
  /** Most signatures verified (the first ones, top down); the rest are counted and reported as not verified. Default 10, at most 50. */
  maxSignatures?: number;
  /** Smallest RSA key accepted, bits. Default 1024 (RFC 8301 §3.2). */
  minKeyBits?: number;
  /** Refuse rsa-sha1 signatures (`policy`), as RFC 8301 §3.1 requires. Default true. */
  rejectRsaSha1?: boolean;
  /** mailauth's strict mode: RFC 6376 syntax rules exactly, where receivers are usually lenient. Default false. */
  strict?: boolean;
  /** Maps a DKIM CNAME target to a provider id (the catalog). */
  providerOf?: (cnameTarget: string) => string | undefined;
}

/** One signature's outcome. */
export interface DkimSignatureResult {
  /** `d=`. */
  domain: string;
  /** `s=`. */
  selector: string;
  /** `a=`. */
  algorithm: string;
  result: DkimResult;
  reason: string;
  /** Key size: RSA modulus bits, 256 for Ed25519; null when no key was found. */
  keyBits: number | null;
  /** `i=`, or null. */
  identity: string | null;
  /** `c=` (default simple/simple). */
  canonicalization: string;
  /** `h=`, lower case. */
  signedHeaders: string[];
  /** `l=`, or null: a body length limit leaves the rest of the body unsigned. */
  bodyLength: number | null;
  /** `t=` and `x=` as ISO dates, or null. */
  signedAt: string | null;
  expiresAt: string | null;
  /** The key has `t=y`: verifiers must treat the message like unsigned mail (RFC 6376 §3.6.1). */
  testing: boolean;
  /** What mailauth's lenient mode accepted that strict RFC 6376 would not (its warning codes). */
  warnings: string[];
  /** False when the signature was beyond `maxSignatures` and so not verified (result `neutral`). */
  verified: boolean;
  /** Our own lookup of the key, with the DNS evidence (null when d= or s= is missing). */
  key: DkimKeyLookup | null;
}

/** The SPF part of the result. */
export interface SpfOutcome {
  result: SpfResult;
  /** The domain checked (MAIL FROM domain, or HELO for a null sender). */
  domain: string | null;
  /** False when no SPF evaluator ran (no hook, or no IP). */
  evaluated: boolean;
  reason?: string;
}

/** The DMARC part of the result. */
export interface DmarcOutcome {
  result: DmarcResult;
  alignedBy: ("spf" | "dkim")[];
  policy: DmarcPolicy | null;
  evaluated: boolean;
  reason?: string;
}

/** The result of {@link verifyMessage}: plain data. */
export interface VerifyMessageResult {
  /** The RFC5322.From: its domain when there is exactly one author domain. */
  from: { domain: string | null; addresses: string[]; fields: number };
  /** The Return-Path address, if any. */
  returnPath: string | null;
  dkim: DkimSignatureResult[];
  spf: SpfOutcome;
  dmarc: DmarcOutcome;
  diagnostics: MessageDiagnostic[];
}
