import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { FINGERPRINT_KEY, formatSarif, lineOf, SARIF_SCHEMA, sarifLog } from "../../src/report/sarif.ts";
import type { Finding, RuleMeta } from "../../src/rules/types.ts";
import { checkReport, sampleReport } from "./samples.ts";

/**
 * The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) that our logs use, with the
 * constraints the standard puts on them: §3.13 sarifLog (version, runs), §3.14 run (tool, results),
 * §3.19 toolComponent (name required), §3.49 reportingDescriptor (id required), §3.27 result
 * (message required; level enum §3.27.10), §3.11 message (text), §3.28 location, §3.29
 * physicalLocation, §3.30 region (startLine ≥ 1), §3.33 logicalLocation, §3.27.17 partialFingerprints.
 */
const message = {
  type: "object",
  required: ["text"],
  properties: { text: { type: "string", minLength: 1 }, markdown: { type: "string" } },
};
const multiformat = {
  type: "object",
  required: ["text"],
  properties: { text: { type: "string" }, markdown: { type: "string" } },
};
const level = { enum: ["none", "note", "warning", "error"] };
const location = {
  type: "object",
  properties: {
    physicalLocation: {
      type: "object",
      required: ["artifactLocation"],
      properties: {
        artifactLocation: {
          type: "object",
          required: ["uri"],
          properties: { uri: { type: "string", minLength: 1 }, index: { type: "integer", minimum: -1 } },
        },
        region: { type: "object", properties: { startLine: { type: "integer", minimum: 1 } } },
      },
    },
    logicalLocations: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: { name: { type: "string" }, fullyQualifiedName: { type: "string" }, kind: { type: "string" } },
      },
    },
  },
};
const sarifSubset = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["version", "$schema", "runs"],
  properties: {
    version: { const: "2.1.0" },
    $schema: { type: "string", pattern: "sarif-schema-2\\.1\\.0\\.json$" },
    runs: {
      type: "array",
      minItems: 1,
      maxItems: 1,
      items: {
        type: "object",
        required: ["tool", "results"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name", "rules"],
                properties: {
                  name: { type: "string", minLength: 1 },
                  version: { type: "string" },
                  informationUri: { type: "string", pattern: "^https://" },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "shortDescription", "help"],
                      properties: {
                        id: { type: "string", minLength: 1 },
                        name: { type: "string", pattern: "^[A-Z][A-Za-z0-9]*$" },
                        shortDescription: multiformat,
                        fullDescription: multiformat,
                        help: multiformat,
                        helpUri: { type: "string", pattern: "^https?://" },
                        defaultConfiguration: { type: "object", properties: { level } },
                      },
                    },
                  },
                },
              },
            },
          },
          invocations: {
            type: "array",
            items: {
              type: "object",
              required: ["executionSuccessful"],
              properties: { executionSuccessful: { type: "boolean" } },
            },
          },
          artifacts: {
            type: "array",
            items: {
              type: "object",
              properties: { location: { type: "object", required: ["uri"], properties: { uri: { type: "string" } } } },
            },
          },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["ruleId", "level", "message", "locations", "partialFingerprints"],
              properties: {
                ruleId: { type: "string", minLength: 1 },
                ruleIndex: { type: "integer", minimum: 0 },
                level,
                message,
                locations: { type: "array", minItems: 1, items: location },
                partialFingerprints: {
                  type: "object",
                  minProperties: 1,
                  additionalProperties: { type: "string", minLength: 1 },
                },
              },
            },
          },
        },
      },
    },
  },
};
const validateSarif = lazyValidator(sarifSubset);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: { name: string; kind: string; fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      rules: {
        id: string;
        name: string;
        helpUri?: string;
        shortDescription: { text: string };
        help: { text: string };
        defaultConfiguration: { level: string };
      }[];
    };
  };
  results: SarifResult[];
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
}

const orgPath = join(import.meta.dirname, "../../fixtures/examples/contoso/org.json");
const orgText = readFileSync(orgPath, "utf8");
const run = (log: unknown) => (log as { runs: SarifRun[] }).runs[0]!;

describe("sarif format", () => {
  const out = formatSarif(sampleReport(), { artifact: { uri: "fixtures/examples/contoso/org.json", text: orgText } });
  const log = JSON.parse(out) as unknown;
  const { tool, results } = run(log);

  it("is a SARIF 2.1.0 log with the structure the standard requires", () => {
    expect(validateSarif(log)).toEqual([]);
    expect((log as { $schema: string }).$schema).toBe(SARIF_SCHEMA);
    expect(tool.driver.name).toBe("email-auth-audit");
    expect(tool.driver.version).toBe("0.1.0");
  });

  it("the structural check is real: it rejects a broken log", () => {
    const broken = JSON.parse(out) as { version: string; runs: { results: Record<string, unknown>[] }[] };
    broken.version = "2.0.0";
    broken.runs[0]!.results[0]!.level = "fatal";
    delete broken.runs[0]!.results[1]!.message;
    const problems = validateSarif(broken).map((p) => p.path);
    expect(problems).toEqual(
      expect.arrayContaining(["$.version", "$.runs[0].results[0].level", "$.runs[0].results[1]"]),
    );
  });

  it("declares one rule per rule id, with help and a help URI, and results point at their rule", () => {
    expect(tool.driver.rules.map((r) => r.id)).toEqual([
      "dkim-key-weak",
      "dmarc-policy-none",
      "dmarc-report-destination-unauthorized",
      "path-single-alignment",
      "smarthost-not-authorized",
      "spf-unaligned",
    ]);
    const smarthost = tool.driver.rules.find((r) => r.id === "smarthost-not-authorized")!;
    expect(smarthost.name).toBe("SmarthostNotAuthorized");
    expect(smarthost.helpUri).toBe("https://www.rfc-editor.org/rfc/rfc7208#section-4.6.2");
    expect(smarthost.help.text).toContain("RFC 7208 §5.6: https://www.rfc-editor.org/rfc/rfc7208#section-5.6");
    expect(smarthost.defaultConfiguration.level).toBe("error");
    expect(tool.driver.rules.find((r) => r.id === "dkim-key-weak")!.shortDescription.text).toBe("DKIM key weak");
    for (const result of results) expect(tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it("uses the rule's metadata for help when it is known", () => {
    const meta: RuleMeta = {
      id: "dkim-key-weak",
      severity: "warning",
      scope: "domain",
      title: "DKIM key shorter than 2048 bits",
      description: "RSA keys under 2048 bits can be factored.",
      references: [{ label: "RFC 8301 §3.2", url: "https://www.rfc-editor.org/rfc/rfc8301#section-3.2" }],
      fix: "Rotate to a 2048-bit key.",
    };
    const rules = run(sarifLog([sampleReport()], { ruleMeta: (id) => (id === meta.id ? meta : undefined) })).tool.driver
      .rules;
    const rule = rules.find((r) => r.id === "dkim-key-weak")!;
    expect(rule.shortDescription.text).toBe("DKIM key shorter than 2048 bits");
    expect(rule.help.text).toContain("Fix: Rotate to a 2048-bit key.");
  });

  it("maps every finding to a result with level, message, logical and physical locations", () => {
    expect(results).toHaveLength(6);
    expect(results.map((r) => r.level)).toEqual(["error", "warning", "warning", "warning", "warning", "warning"]);
    const first = results[0]!;
    expect(first.ruleId).toBe("smarthost-not-authorized");
    expect(first.message.text).toMatch(/^Smart host edge-relay sends from 203\.0\.113\.25/);
    const location = first.locations[0]!;
    expect(location.logicalLocations).toEqual([
      { name: "contoso.example", fullyQualifiedName: "contoso.example", kind: "resource" },
      { name: "onprem-via-relay", fullyQualifiedName: "contoso.example/onprem-via-relay", kind: "object" },
    ]);
    expect(location.physicalLocation!.artifactLocation.uri).toBe("fixtures/examples/contoso/org.json");
    // The line that declares the path the finding is about.
    const line = orgText.split("\n")[location.physicalLocation!.region.startLine - 1];
    expect(line).toMatch(/"id": "onprem-via-relay"/);
    // A domain finding points at the domain's entry.
    const dmarc = results.find((r) => r.ruleId === "dmarc-policy-none")!;
    expect(orgText.split("\n")[dmarc.locations[0]!.physicalLocation!.region.startLine - 1]).toMatch(
      /"name": "contoso\.example"/,
    );
  });

  it("maps info to note", () => {
    const report = sampleReport();
    report.findings = report.findings.map((f) => ({ ...f, severity: "info" as const }));
    expect(run(sarifLog([report])).results.every((r) => r.level === "note")).toBe(true);
  });

  it("has stable, distinct fingerprints that do not change with wording or time", () => {
    const prints = results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(prints).size).toBe(results.length);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{64}$/);
    const again = sampleReport();
    again.generatedAt = "2027-01-01T00:00:00.000Z";
    again.findings = again.findings.map((f) => ({ ...f, message: f.message.toUpperCase() }));
    expect(run(sarifLog([again])).results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(prints);
    // Two findings of the same rule about the same thing still get distinct fingerprints.
    const twice = sampleReport();
    twice.findings = [twice.findings[0]!, { ...twice.findings[0]! }];
    const dup = run(sarifLog([twice])).results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(dup[0]).not.toBe(dup[1]);
  });

  it("has logical locations only when there is no organisation file (a domain check)", () => {
    const log2 = sarifLog([checkReport("example.org")]);
    expect(validateSarif(log2)).toEqual([]);
    const r = run(log2).results;
    expect(r.length).toBeGreaterThan(0);
    for (const result of r) {
      expect(result.locations[0]!.physicalLocation).toBeUndefined();
      expect(result.locations[0]!.logicalLocations[0]).toEqual({
        name: "example.org",
        fullyQualifiedName: "example.org",
        kind: "resource",
      });
    }
  });

  it("reports domains that could not be checked as failed tool notifications", () => {
    const log2 = sarifLog([checkReport("a.example")], {}, [{ domain: "b.example", error: "DNS timeout" }]);
    expect(validateSarif(log2)).toEqual([]);
    const invocation = run(log2).invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]!.message.text).toBe("b.example: could not be checked: DNS timeout");
  });
});

describe("lineOf", () => {
  const finding = (domain: string, path?: string): Finding => ({
    ruleId: "x",
    severity: "error",
    domain,
    ...(path ? { path } : {}),
    message: "m",
    evidence: [],
    references: [],
    fix: "",
  });
  const yaml =
    "version: 1\nname: Contoso\ndomains:\n  - name: contoso.example\n  - name: news.contoso.example\npaths:\n  - id: newsletters\n    from: [news.contoso.example]\n";
  it("finds a YAML path id, a YAML domain, and falls back to line 1", () => {
    expect(lineOf(yaml, finding("news.contoso.example", "newsletters"))).toBe(7);
    expect(lineOf(yaml, finding("news.contoso.example"))).toBe(5);
    expect(lineOf(yaml, finding("contoso.example"))).toBe(4);
    expect(lineOf(yaml, finding("other.example"))).toBe(1);
  });
});
