import {
  certificatesNamed,
  connectorName,
  isEnabled,
  isExchangeOnlineConnector,
  isHybridReceiveConnector,
  parseCertificateName,
} from "../exchange/connectors.ts";
import type {
  ExchangeCertificate,
  HybridConfiguration,
  ReceiveConnector,
  SendConnector,
} from "../exchange/types-onprem.ts";
import type { ObservedEvidence } from "../facts/evidence.ts";
import { defineRule, listWords } from "./define.ts";
import { exchangeEvidence, exchangeOf, orgDomain } from "./exchange-helpers.ts";
import { doc } from "./references.ts";

/** Certificates expiring within this many days are reported (HealthChecker's threshold). */
const EXPIRY_DAYS = 60;
const DAY = 86_400_000;

type Holder =
  | { kind: "send"; object: SendConnector; label: string }
  | { kind: "receive"; object: ReceiveConnector; label: string }
  | { kind: "hybrid"; object: HybridConfiguration; label: string };

interface Check {
  causes: string[];
  expired: boolean;
  certificate?: ExchangeCertificate;
}

function check(name: string | null | undefined, certificates: readonly ExchangeCertificate[], now: number): Check {
  if (name === null || (name ?? "").trim() === "")
    return { causes: ["names no certificate (TlsCertificateName is not set)"], expired: false };
  const parsed = parseCertificateName(name);
  if (parsed === undefined)
    return {
      causes: [`has a TlsCertificateName that is not of the form <I>issuer<S>subject (${name})`],
      expired: false,
    };
  if (certificates.length === 0) return { causes: [], expired: false };
  const [certificate] = certificatesNamed(parsed, certificates);
  if (certificate === undefined)
    return {
      causes: [
        `names a certificate (issuer ${parsed.issuer}, subject ${parsed.subject}) that is not among the exported certificates`,
      ],
      expired: false,
    };
  const notAfter = Date.parse(certificate.NotAfter ?? "");
  if (Number.isNaN(notAfter)) return { causes: [], expired: false, certificate };
  const day = (certificate.NotAfter ?? "").slice(0, 10);
  if (notAfter <= now) return { causes: [`uses a certificate that expired on ${day}`], expired: true, certificate };
  if (notAfter - now < EXPIRY_DAYS * DAY)
    return {
      causes: [`uses a certificate that expires on ${day}, in ${Math.ceil((notAfter - now) / DAY)} days`],
      expired: false,
      certificate,
    };
  return { causes: [], expired: false, certificate };
}

export default defineRule(
  {
    id: "exchange-hybrid-connector-certificate",
    severity: "warning",
    scope: "org",
    title: "A hybrid connector between Exchange Server and Exchange Online has no valid certificate",
    description:
      "In a hybrid organisation, Exchange Online recognises mail from the on-premises servers by the certificate they present over TLS (the inbound connector's `TlsSenderCertificateName`), and the on-premises servers present the certificate named by `TlsCertificateName` on the send connector to Exchange Online and on the receive connector that accepts mail from it. Without it, or with a certificate that is missing, expired or about to expire, mail between the two sides is not attributed to the tenant: it is treated as anonymous (internal mail becomes external), relay through Exchange Online is refused, or TLS fails and mail queues. The rule checks the send connectors to Exchange Online, the receive connectors that accept its mail (`TlsDomainCapabilities` `…:AcceptCloudServicesMail`) and `Get-HybridConfiguration`, against `Get-ExchangeCertificate` when it was exported (expiry within 60 days, as Exchange's HealthChecker does).",
    references: [
      doc(
        "Microsoft: Certificate requirements for hybrid deployments",
        "https://learn.microsoft.com/exchange/certificate-requirements",
      ),
      doc(
        "Microsoft CSS-Exchange HealthChecker: Cloud Connector Check",
        "https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/CloudConnectorCheck/",
      ),
      doc(
        "Microsoft CSS-Exchange HealthChecker: Exchange Online Connector Check",
        "https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/ExoConnectorCheck/",
      ),
    ],
    fix: "Renew or install the certificate whose subject is the name Exchange Online expects (the inbound connector's `TlsSenderCertificateName`), enable it for SMTP, and run the Hybrid Configuration Wizard again, which sets `TlsCertificateName` on the connectors to `<I>issuer<S>subject` of that certificate.",
    adjustments: [{ severity: "error", when: "the certificate has expired" }],
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    const config = exchange.config;
    const now = Date.parse(exchange.now);
    const holders: Holder[] = [
      ...config.sendConnectors
        .filter((c) => isEnabled(c) && isExchangeOnlineConnector(c))
        .map((c) => ({
          kind: "send" as const,
          object: c,
          label: `Send connector "${connectorName(c)}" to Exchange Online`,
        })),
      ...config.receiveConnectors
        .filter((c) => isEnabled(c) && isHybridReceiveConnector(c))
        .map((c) => ({
          kind: "receive" as const,
          object: c,
          label: `Receive connector "${c.Identity ?? connectorName(c)}", which accepts mail from Exchange Online,`,
        })),
      ...config.hybridConfiguration.map((h) => ({
        kind: "hybrid" as const,
        object: h,
        label: "The hybrid configuration",
      })),
    ];
    const hybridName = config.hybridConfiguration.find((h) =>
      parseCertificateName(h.TlsCertificateName),
    )?.TlsCertificateName;
    for (const h of holders) {
      if (h.object.TlsCertificateName === undefined) continue;
      const result = check(h.object.TlsCertificateName, config.exchangeCertificates, now);
      const differs =
        h.kind === "send" &&
        hybridName != null &&
        parseCertificateName(h.object.TlsCertificateName) !== undefined &&
        h.object.TlsCertificateName?.toLowerCase().replace(/\s+/g, "") !== hybridName.toLowerCase().replace(/\s+/g, "");
      if (differs) result.causes.push(`names another certificate than the hybrid configuration (${hybridName})`);
      if (result.causes.length === 0) continue;
      const evidence: ObservedEvidence[] = [exchangeEvidence(h.object, ["TlsCertificateName"])];
      if (result.certificate !== undefined)
        evidence.push(
          exchangeEvidence(result.certificate, ["Subject", "Issuer", "NotAfter", "Thumbprint", "Services"]),
        );
      report({
        domain: orgDomain(facts),
        message: `${h.label} ${listWords(result.causes)}: mail between Exchange Server and Exchange Online is not recognised as the organisation's (or is not delivered) when the certificate is missing or invalid.`,
        evidence,
        ...(result.expired ? { severity: "error" as const } : {}),
      });
    }
  },
);
