import { list, x509 } from "../exchange/hybrid/shapes.ts";
import { certificate, hybridConfiguration, hybridSendConnector, onprem, receiveConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);
const certs = (...o: Parameters<typeof onprem>[1][]) => onprem("GetExchangeCertificate", ...o);
const hybridReceive = receiveConnector("Default Frontend EX01", {
  TlsDomainCapabilities: list(["mail.protection.outlook.com:AcceptCloudServicesMail"]),
  TlsCertificateName: x509("CN=Contoso Test CA, O=Contoso Test", "CN=mail.contoso.example"),
});

testExchangeRule("exchange-hybrid-connector-certificate", {
  valid: [
    {
      name: "a valid certificate everywhere",
      exports: [
        send(hybridSendConnector()),
        onprem("GetReceiveConnector", hybridReceive),
        certs(certificate("valid")),
        onprem("GetHybridConfiguration", hybridConfiguration()),
      ],
      encodings: ["utf-16le"],
    },
    { name: "certificates not exported: the name alone is checked", exports: [send(hybridSendConnector())] },
    { name: "not a hybrid connector", exports: [onprem("GetReceiveConnector", receiveConnector("Relay"))] },
  ],
  invalid: [
    {
      name: "the send connector names no certificate",
      exports: [send(hybridSendConnector({ TlsCertificateName: null }))],
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Send connector "Outbound to Office 365" to Exchange Online names no certificate \(TlsCertificateName is not set\): mail between Exchange Server and Exchange Online/,
          evidence: /"TlsCertificateName = \(not set\)"/,
        },
      ],
    },
    {
      name: "a certificate that expires in 17 days, and one that is not exported",
      exports: [
        send(hybridSendConnector()),
        onprem(
          "GetReceiveConnector",
          receiveConnector("Default Frontend EX01", {
            TlsDomainCapabilities: list(["mail.protection.outlook.com:AcceptCloudServicesMail"]),
            TlsCertificateName: x509("CN=R3, O=Let's Encrypt, C=US", "CN=mail.contoso.example"),
          }),
        ),
        certs(certificate("expiring")),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /^Send connector "Outbound to Office 365" to Exchange Online uses a certificate that expires on 2026-12-10, in 17 days:/,
          evidence: /"NotAfter = 2026-12-10T00:00:00\.000Z"/,
        },
        {
          domain: "example.com",
          message:
            /^Receive connector "EX01\\Default Frontend EX01", which accepts mail from Exchange Online, names a certificate \(issuer CN=R3, O=Let's Encrypt, C=US, subject CN=mail\.contoso\.example\) that is not among the exported certificates:/,
        },
      ],
    },
    {
      name: "an expired certificate (an error), and another name in the hybrid configuration",
      exports: [
        send(hybridSendConnector()),
        certs(certificate("expired")),
        onprem(
          "GetHybridConfiguration",
          hybridConfiguration({ TlsCertificateName: x509("CN=R3, O=Let's Encrypt, C=US", "CN=mail.contoso.example") }),
        ),
      ],
      findings: [
        {
          domain: "example.com",
          severity: "error",
          message:
            /^Send connector "Outbound to Office 365" to Exchange Online uses a certificate that expired on 2026-10-01 and names another certificate than the hybrid configuration/,
        },
        { domain: "example.com", message: /^The hybrid configuration names a certificate \(issuer CN=R3/ },
      ],
    },
  ],
});
