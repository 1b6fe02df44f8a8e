import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../scripts/generated.ts";

const root = join(import.meta.dirname, "..");

describe("generated files", async () => {
  const files = await generatedFiles();
  it.each(files.map((f) => [f.path, f] as const))("%s is up to date (run `npm run docs`)", (_path, file) => {
    let current = "";
    try {
      current = readFileSync(join(root, file.path), "utf8");
    } catch {
      current = "(missing)";
    }
    expect(current, `${file.path} is stale: run npm run docs`).toBe(file.content);
  });
});
