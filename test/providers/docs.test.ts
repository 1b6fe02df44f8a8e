import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderProvidersDoc } from "../../scripts/providers-doc.ts";
import { providerCatalog } from "../../src/providers/registry.ts";

describe("docs/providers.md", () => {
  it("is up to date with the catalog (regenerate: node --no-warnings scripts/providers-doc.ts)", async () => {
    const checkedIn = await readFile(new URL("../../docs/providers.md", import.meta.url), "utf8");
    expect(checkedIn).toBe(renderProvidersDoc());
  });

  it("lists every entry, every fact's confidence and every source", () => {
    const doc = renderProvidersDoc();
    for (const entry of providerCatalog.entries) {
      expect(doc).toContain(`## ${entry.name} (\`${entry.id}\`)`);
      for (const s of entry.dkim.selectors.flatMap((f) => f.sources))
        expect(doc).toContain(`[${s.confidence}, ${s.checked ?? "not re-checked"}](${s.url})`);
    }
  });
});
