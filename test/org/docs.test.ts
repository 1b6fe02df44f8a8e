import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadOrg } from "../../src/org/load.ts";
import { orgSchema } from "../../src/org/schema.ts";
import { contractExample } from "./contract-example.ts";

const doc = () => readFile(new URL("../../docs/org.md", import.meta.url), "utf8");

describe("docs/org.md", () => {
  it("shows the contract's example in JSON and YAML, both loading to the same description", async () => {
    const text = await doc();
    const json = /```json\n([\s\S]*?)```/.exec(text)?.[1];
    const yaml = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
    expect(loadOrg(json ?? "", { format: "json" })).toEqual(contractExample);
    expect(loadOrg(yaml ?? "", { format: "yaml" })).toEqual(contractExample);
  });

  it("documents every field of the schema", async () => {
    const text = await doc();
    const fields = new Set<string>();
    const walk = (node: unknown) => {
      if (typeof node !== "object" || node === null) return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      for (const [name, child] of Object.entries(properties ?? {})) {
        fields.add(name);
        walk(child);
      }
      walk((node as { items?: unknown }).items);
    };
    walk(orgSchema);
    for (const field of fields) expect(text, field).toContain(`\`${field}\``);
  });
});
