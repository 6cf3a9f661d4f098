// Security headers on every response. Scripts and styles are served from this origin only; map tiles
// may come from MAP_TILE_URL's origin.
import { defineMiddleware } from 'astro:middleware';
import { crossSiteRefusal, frenchApiResponse } from './lib/api-errors.ts';
import { installClientAddressGuard } from './lib/client-address.ts';
import { tileUrl } from './lib/format.ts';
import { orientations } from './lib/orientations.ts';
import { runtime } from './lib/runtime.ts';

// X-Forwarded-For is believed only from TRUST_PROXY: set up before the first request is read.
installClientAddressGuard();

// Open the store and load the engine as soon as the server loads this module, not on the first
// page view; a failure is retried by the next request (see runtime()).
runtime().catch((error: unknown) =>
  console.error('démarrage :', error instanceof Error ? error.message : error),
);
// The orientation database too (PGlite's first start takes seconds); its failure is logged by
// orientations() and only the orientation routes answer 503.
orientations().catch(() => {});

function tileOrigin(): string {
  try {
    return new URL(tileUrl().replace(/\{[a-z]\}/g, '0')).origin;
  } catch {
    return '';
  }
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Leaflet positions tiles and markers with inline styles.
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: ${tileOrigin()}`.trim(),
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  let response = crossSiteRefusal(request, url) ?? (await next());
  if (url.pathname.startsWith('/api/')) response = frenchApiResponse(response, request, url);
  const headers = response.headers;
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  headers.set('x-frame-options', 'DENY');
  if ((headers.get('content-type') ?? '').startsWith('text/html'))
    headers.set('content-security-policy', CSP);
  // Private orientation links carry their token in the path: never sent on as a referrer (strict-origin
  // sends the origin only; no-referrer would make Chromium send `Origin: null` on the page's own forms,
  // which Astro's origin check refuses), never cached.
  if (
    context.url.pathname.startsWith('/orientations/') ||
    context.url.pathname.startsWith('/api/orientations')
  ) {
    headers.set('referrer-policy', 'strict-origin');
    headers.set('cache-control', 'no-store');
    headers.set('x-robots-tag', 'noindex');
  }
  return response;
});
