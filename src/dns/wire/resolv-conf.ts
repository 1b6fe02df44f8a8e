/**
 * Kept for the CLI's import of `parseServer` (it moves to `src/dns/index.ts`); the system's servers
 * now come from `dns.getServers()` in `./servers.ts`, not from parsing resolv.conf by hand.
 */
export { parseServer, systemServers } from "./servers.ts";
