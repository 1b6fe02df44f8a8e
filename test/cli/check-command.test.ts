import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportSchema } from "../../src/audit/report-schema.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { formatText } from "../../src/report/text.ts";
import { checkReport } from "../report/samples.ts";
import { fakeCheck } from "./fakes.ts";
import { cli, workdir } from "./harness.ts";

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

describe("check <domain>", () => {
  it("checks one domain and prints its report like audit does", async () => {
    const { checkDomain, calls } = fakeCheck();
    const r = await cli(["check", "Example.ORG.", "--resolver", "fixture:dns.json"], { cwd: dir, checkDomain });
    expect(calls.map((c) => c.domain)).toEqual(["example.org"]);
    expect(r.stdout).toBe(formatText(checkReport("example.org", ["warning"])));
    expect(r.code).toBe(0);
    const strict = await cli(["check", "example.org", "--resolver", "fixture:dns.json", "--fail-on", "warning"], {
      cwd: dir,
      checkDomain,
    });
    expect(strict.code).toBe(1);
  });

  it("prints one domain's JSON as an AuditReport", async () => {
    const r = await cli(["check", "example.org", "--resolver", "fixture:dns.json", "--format", "json"], {
      cwd: dir,
      checkDomain: fakeCheck().checkDomain,
    });
    expect(lazyValidator(reportSchema)(JSON.parse(r.stdout))).toEqual([]);
  });

  it("passes --selector, --rules and --max-queries to checkDomain()", async () => {
    const { checkDomain, calls } = fakeCheck();
    await cli(
      [
        "check",
        "example.org",
        "--resolver",
        "fixture:dns.json",
        "--selector",
        "s2024,mail",
        "--selector",
        "k1",
        "--disable-rule",
        "dmarc-policy-none",
        "--max-queries",
        "99",
      ],
      { cwd: dir, checkDomain },
    );
    expect(calls[0]!.options.selectors).toEqual(["s2024", "mail", "k1"]);
    expect(calls[0]!.options.rules).toEqual({ disable: ["dmarc-policy-none"] });
    expect(calls[0]!.options.maxQueries).toBe(99);
  });

  it("reports a single domain whose check throws on standard error, exit 1", async () => {
    const r = await cli(["check", "example.org", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      checkDomain: async () => Promise.reject(new Error("resolver exploded")),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: example.org could not be checked: resolver exploded\n");
  });

  it.each([
    [["check"], "error: give at least one domain, or --domains-file FILE\n"],
    [["check", "1.2.3.4"], 'error: "1.2.3.4" is not a domain name: an IP address, not a domain name\n'],
    [["check", "a..example"], 'error: "a..example" is not a domain name: empty label (RFC 1035 §3.1)\n'],
    [["check", "exa mple.com"], 'error: "exa mple.com" is not a domain name: not a domain name\n'],
  ])("exits 2 on bad domains: %j", async (argv, message) => {
    const { checkDomain, calls } = fakeCheck();
    const r = await cli([...argv, "--resolver", "fixture:dns.json"], { cwd: dir, checkDomain });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    expect(calls).toHaveLength(0);
  });
});
