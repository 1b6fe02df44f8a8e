/** The package's subpath exports (package.json `exports`), each `src/<name>/index.ts`. */
export const SUBPATHS = [
  "spf",
  "dkim",
  "dmarc",
  "dns",
  "message",
  "providers",
  "exchange",
  "reports",
  "transport",
  "bulk",
  "queue",
] as const;
