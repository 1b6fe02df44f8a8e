import { list } from "../exchange/hybrid/shapes.ts";
import {
  defaultFrontend,
  hybridConfiguration,
  hybridSendConnector,
  inboundConnector,
  online,
  onprem,
  receiveConnector,
  sendConnector,
} from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);
const receive = (...o: Parameters<typeof onprem>[1][]) => onprem("GetReceiveConnector", ...o);
const capable = defaultFrontend({
  TlsDomainCapabilities: list(["mail.protection.outlook.com:AcceptCloudServicesMail"]),
});

testExchangeRule("exchange-hybrid-cloud-services-mail", {
  valid: [
    {
      name: "the wizard's hybrid configuration",
      exports: [
        send(hybridSendConnector()),
        receive(capable),
        onprem("GetHybridConfiguration", hybridConfiguration()),
        online("GetInboundConnector", inboundConnector("Inbound from on-premises")),
      ],
      encodings: ["utf-16le"],
    },
    { name: "not hybrid", exports: [send(sendConnector("Relay")), receive(defaultFrontend())] },
  ],
  invalid: [
    {
      name: "the send connector to Exchange Online drops the headers",
      exports: [send(hybridSendConnector({ CloudServicesMailEnabled: false })), receive(capable)],
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Send connector "Outbound to Office 365" carries mail to Exchange Online but CloudServicesMailEnabled is not True: the cross-premises headers/,
          fix: /`Set-SendConnector -Identity 'Outbound to Office 365' -CloudServicesMailEnabled \$true`/,
        },
      ],
    },
    {
      name: "no receive connector accepts cloud mail, and the inbound connector drops the headers",
      exports: [
        send(hybridSendConnector()),
        receive(defaultFrontend(), receiveConnector("Relay")),
        online(
          "GetInboundConnector",
          inboundConnector("Inbound from on-premises", { CloudServicesMailEnabled: false }),
        ),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Online inbound connector "Inbound from on-premises" \(OnPremises\) has CloudServicesMailEnabled False/,
        },
        {
          domain: "example.com",
          message:
            /^The organisation is hybrid, but no enabled Front End receive connector has TlsDomainCapabilities mail\.protection\.outlook\.com:AcceptCloudServicesMail/,
          fix: /`Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -TlsDomainCapabilities mail\.protection\.outlook\.com:AcceptCloudServicesMail`/,
        },
      ],
    },
  ],
});
