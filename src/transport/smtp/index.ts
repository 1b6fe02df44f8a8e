/**
 * SMTP probing (opt-in): STARTTLS (RFC 3207) or implicit TLS (RFC 8314), the certificate, AUTH in
 * clear and the relay test (RFC 5321 §3.6.2, §7.1), for hosts the organisation owns. Never sends
 * DATA; always ends with QUIT.
 */

export { describeCertificate, splitAltNames } from "./certificate.ts";
export { parseEhloReply, parseExtensionLine } from "./ehlo.ts";
export {
  DEFAULT_DEADLINE_MS,
  DEFAULT_RELAY_FROM,
  DEFAULT_RELAY_TO,
  DEFAULT_SMTP_LIMITS,
  DEFAULT_TIMEOUTS,
  type SmtpProbeOptions,
  type SmtpTimeouts,
} from "./options.ts";
export { probeSmtp } from "./probe.ts";
export {
  DEFAULT_PROBE_CONCURRENCY,
  MAX_PROBE_CONCURRENCY,
  type ProbeHostsOptions,
  probeHosts,
  type SmtpProbeTarget,
} from "./probe-hosts.ts";
export { formatReply, type ParsedReplies, parseReplyLine, parseSmtpReplies, type ReplyLine } from "./reply.ts";
export type {
  BannerInfo,
  CertificateInfo,
  ConnectInfo,
  EhloExtension,
  EhloInfo,
  ProbeCause,
  ProbeStepName,
  QuitInfo,
  RelayInfo,
  SkipReason,
  SmtpLimits,
  SmtpProbeInputError,
  SmtpProbeReport,
  SmtpProbeResult,
  SmtpReply,
  StarttlsInfo,
  Step,
  StepOk,
  StepSkipped,
  StepUnknown,
  TlsInfo,
  TlsMode,
} from "./types.ts";
