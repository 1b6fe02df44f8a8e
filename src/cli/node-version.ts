/**
 * The Node.js version check the executable makes first (bin.ts). Kept free of imports and of any
 * syntax or built-in module newer than Node 14, so that an old Node reaches the check and prints
 * one line instead of a stack trace.
 */

/** The oldest Node.js the package runs on (package.json `engines`). */
export const MIN_NODE = "22.19";

/** Why Node.js `version` (`process.versions.node`) cannot run the tool, or undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split(".").map((n) => Number.parseInt(n, 10));
  const [minMajor = 0, minMinor = 0] = MIN_NODE.split(".").map((n) => Number.parseInt(n, 10));
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  return `email-auth-audit needs Node >= ${MIN_NODE}; this is Node ${version}`;
}
