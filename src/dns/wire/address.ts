/** A DNS server address: an IP literal and a port. */
export interface ServerAddress {
  host: string;
  port: number;
}
