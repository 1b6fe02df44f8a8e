import { describe, expect, it } from "vitest";
import { providerCatalog } from "../../src/providers/index.ts";
import { providerOfName } from "../../src/reports/provider-names.ts";

describe("providerOfName", () => {
  it.each([
    ["o1.ptr4821.sendgrid.net", "sendgrid", "suffix"],
    ["SENDGRID.NET.", "sendgrid", "suffix"],
    ["mail198.atl121.mcsv.net", "mailchimp", "suffix"],
    ["a10-3.smtp-out.eu-west-1.amazonses.com", "amazon-ses", "suffix"],
    ["mail-db8eur05on2061.outbound.protection.outlook.com", "microsoft365", "org-domain"],
    ["contoso.onmicrosoft.com", "microsoft365", "suffix"],
    ["mail-sor-f41.google.com", "google-workspace", "suffix"],
    ["eu-smtp-1.mimecast.com", "mimecast", "suffix"],
    ["bounce.mandrillapp.com", "mandrill", "suffix"],
  ])("%s belongs to %s (%s)", (name, id, match) => {
    expect(providerOfName(providerCatalog, name)).toMatchObject({ id, match });
  });

  it.each([
    "mail.contoso.example",
    "example.net",
    "com",
    "",
    "notsendgrid.net",
    "sendgrid.net.evil.example",
    "x".repeat(300),
  ])("%s belongs to no provider", (name) => {
    expect(providerOfName(providerCatalog, name)).toBeUndefined();
  });
});
