/**
 * Once per test run: a scratch folder shared by every test worker (the packed tarball lives there,
 * built once, see test/helpers/packed.ts), removed when the run ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    scratchDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "eaa-run-"));
  project.provide("scratchDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
