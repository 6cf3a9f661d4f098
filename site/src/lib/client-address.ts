// The client's address for throttling. Astro's Node adapter takes the first X-Forwarded-For value
// from anyone, so an attacker could pick any address per request (issue 14). The header is only
// believed when the connection comes from a proxy listed in TRUST_PROXY (comma-separated addresses):
// then the client is the right-most address not itself a trusted proxy. Otherwise the header is
// dropped before Astro reads it, and the socket's address is used. Node's `http.server.request.start`
// diagnostics channel runs before the request handler, on the raw request, which Astro cannot reach.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

const normalise = (address: string) => address.trim().replace(/^::ffff:/, '');

export function trustedProxies(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env.TRUST_PROXY ?? '')
      .split(',')
      .map(normalise)
      .filter((a) => a !== ''),
  );
}

/** The address to believe for this request, from the socket peer and its X-Forwarded-For. */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | undefined,
  proxies: ReadonlySet<string>,
): string | undefined {
  const socket = peer === undefined ? undefined : normalise(peer);
  if (!socket || !proxies.has(socket) || !forwardedFor) return socket;
  const hops = forwardedFor.split(',').map(normalise).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!proxies.has(hops[i]!)) return hops[i];
  return hops[0] ?? socket;
}

let installed = false;

/** Rewrites (or removes) X-Forwarded-For on every incoming request of this process, once. */
export function installClientAddressGuard(): void {
  if (installed) return;
  installed = true;
  const proxies = trustedProxies();
  subscribe('http.server.request.start', (message) => {
    const req = (message as { request?: IncomingMessage }).request;
    if (!req) return;
    const header = req.headers['x-forwarded-for'];
    const forwarded = Array.isArray(header) ? header.join(',') : header;
    const client = clientAddressOf(req.socket?.remoteAddress, forwarded, proxies);
    if (client && forwarded && proxies.has(normalise(req.socket?.remoteAddress ?? '')))
      req.headers['x-forwarded-for'] = client;
    else delete req.headers['x-forwarded-for'];
  });
}
