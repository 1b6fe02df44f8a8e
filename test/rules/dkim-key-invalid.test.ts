import { dkimKey, testRule } from "./rule-tester.ts";

testRule("dkim-key-invalid", {
  valid: [
    { name: "a good 2048-bit key" },
    { name: "a 1024-bit key (weak, not invalid)", dns: { "s1._domainkey.example.com": { TXT: [dkimKey(1024)] } } },
  ],
  invalid: [
    {
      name: "a 512-bit key (RFC 8301: MUST NOT be accepted)",
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey(512)] } },
      findings: [
        { domain: "example.com", path: "direct", message: /s1\._domainkey\.example\.com .* is unusable: .*512/ },
      ],
    },
    {
      name: "a truncated key",
      dns: { "s1._domainkey.example.com": { TXT: ["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"] } },
      findings: [{ domain: "example.com", path: "direct", message: /is (unusable|published more than once)/ }],
    },
    {
      name: "two key records at one name",
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey(), dkimKey(1024)] } },
      findings: [{ domain: "example.com", path: "direct", message: /published more than once/ }],
    },
  ],
});
