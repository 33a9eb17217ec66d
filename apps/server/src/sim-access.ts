/**
 * Who may use the fake DingTalk at /sim: it lets anyone speak as any official, so by default only this
 * machine (loopback clients) may, unless JIXIAO_SIM_OPEN opens it.
 */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 or ::1, also written as an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** An address as proxies write it (`"[::1]:8080"`, `127.0.0.1:80`) without quotes, brackets or port. */
function bareAddress(value: string): string {
  const unquoted = value.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\]/.exec(unquoted);
  if (bracketed) return bracketed[1] ?? '';
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(unquoted);
  return ipv4WithPort ? (ipv4WithPort[1] ?? '') : unquoted;
}

/** The clients a proxy in front of us names: `X-Forwarded-For`, `X-Real-IP` and `Forwarded: for=…`. */
export function forwardedClients(headers: Headers): string[] {
  const clients: string[] = [];
  for (const name of ['x-forwarded-for', 'x-real-ip']) {
    const value = headers.get(name);
    if (value !== null) clients.push(...value.split(','));
  }
  for (const element of headers.get('forwarded')?.split(/[,;]/) ?? []) {
    const pair = /^\s*for\s*=\s*(.*)$/i.exec(element);
    if (pair) clients.push(pair[1] ?? '');
  }
  return clients.map(bareAddress);
}

/**
 * A request from this machine: a loopback peer, and every client a proxy names loopback too (a reverse proxy
 * on this machine connects over loopback for clients anywhere, and says so in these headers).
 */
export function isLocalRequest(remoteAddress: string | undefined, headers: Headers): boolean {
  if (!remoteAddress || !isLoopbackAddress(remoteAddress)) return false;
  return forwardedClients(headers).every(isLoopbackAddress);
}
