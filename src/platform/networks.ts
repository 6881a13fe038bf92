import ipaddr from 'ipaddr.js';

/** "10.1.2.0/24", "2001:db8::/48" or a single address as a range; null when it is not one. IPv4-mapped IPv6 is IPv4. */
export function normaliseCidr(text: string): string | null {
  const value = text.trim();
  try {
    if (value.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(value);
      const plain = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();
      if (plain) return `${(address as ipaddr.IPv6).toIPv4Address().toString()}/${Math.max(0, bits - 96)}`;
      return `${networkAddress(address, bits)}/${bits}`;
    }
    const address = ipaddr.process(value);
    return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    return null;
  }
}

/** The first address of the range, so "10.1.2.3/24" is kept as "10.1.2.0/24". */
function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): string {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = (bytes[i] as number) & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Whether an address lies in one of the ranges (normalised by normaliseCidr). */
export function addressInNetworks(address: string, networks: readonly string[]): boolean {
  if (networks.length === 0 || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return networks.some((cidr) => {
    try {
      const range = ipaddr.parseCIDR(cidr);
      return parsed.kind() === range[0].kind() && parsed.match(range);
    } catch {
      return false;
    }
  });
}
