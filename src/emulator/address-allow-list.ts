import { BlockList, isIP } from 'node:net';

/** `allow-access-from-ip` of server.xml: listed addresses, or `*` for any address. */
const ANY_ADDRESS = '*';

/** A dual-stack socket reports an IPv4 client as `::ffff:127.0.0.1`; the allow list names it 127.0.0.1. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

export function isAllowListEntry(entry: string): boolean {
  return entry === ANY_ADDRESS || isIP(normaliseAddress(entry)) !== 0;
}

/** BlockList compares addresses, not spellings, so `::1` and `0:0:0:0:0:0:0:1` are the same client. */
export function createAllowList(entries: readonly string[]): (address: string) => boolean {
  if (entries.includes(ANY_ADDRESS)) return () => true;
  const allowed = new BlockList();
  for (const entry of entries) {
    const address = normaliseAddress(entry);
    allowed.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return (address) => {
    const client = normaliseAddress(address);
    const family = isIP(client);
    return family !== 0 && allowed.check(client, family === 6 ? 'ipv6' : 'ipv4');
  };
}
