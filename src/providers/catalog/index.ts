/** The built-in catalog entries, one file per provider, in the order of the contract (`org.md`). */
import type { ProviderEntry } from "../types.ts";
import { amazonSes } from "./amazon-ses.ts";
import { brevo } from "./brevo.ts";
import { googleWorkspace } from "./google-workspace.ts";
import { hubspot } from "./hubspot.ts";
import { mailchimp } from "./mailchimp.ts";
import { mailgun } from "./mailgun.ts";
import { mandrill } from "./mandrill.ts";
import { microsoft365 } from "./microsoft365.ts";
import { mimecast } from "./mimecast.ts";
import { postmark } from "./postmark.ts";
import { proofpointEssentials } from "./proofpoint-essentials.ts";
import { salesforceMc } from "./salesforce-mc.ts";
import { sendgrid } from "./sendgrid.ts";
import { sparkpost } from "./sparkpost.ts";
import { zendesk } from "./zendesk.ts";
import { zohoMail } from "./zoho-mail.ts";

export const builtinEntries: readonly ProviderEntry[] = [
  microsoft365,
  googleWorkspace,
  sendgrid,
  amazonSes,
  mailgun,
  postmark,
  sparkpost,
  mandrill,
  mailchimp,
  brevo,
  zohoMail,
  salesforceMc,
  hubspot,
  zendesk,
  proofpointEssentials,
  mimecast,
];
