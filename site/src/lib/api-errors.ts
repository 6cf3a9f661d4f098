// Every /api/* answer is JSON in French, errors included: the routes write their own; what Astro
// writes by itself (404 for an unknown address, 405 for a method a route has no handler for, 500 on an
// uncaught error) is rewritten here, and the cross-site form check is ours so that its 403 is French too.
import { problem } from './http.ts';

const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export const CROSS_SITE_MESSAGE =
  'Envoi refusé : une requête qui modifie des données doit venir de ce site (en-tête Origin absent ou différent). Un client d’API envoie du JSON (Content-Type: application/json) ou un CSV (text/csv) avec son en-tête Origin.';

/**
 * Astro's origin check (security.checkOrigin), same rule, French answer: a state-changing request
 * with a form-like content type, or with none, must come from this origin.
 */
export function crossSiteRefusal(request: Request, url: URL): Response | undefined {
  if (SAFE_METHODS.includes(request.method)) return undefined;
  if (request.headers.get('origin') === url.origin) return undefined;
  const type = request.headers.get('content-type');
  const formLike = type !== null && FORM_CONTENT_TYPES.some((t) => type.toLowerCase().includes(t));
  if (type !== null && !formLike) return undefined;
  if (url.pathname.startsWith('/api/')) return problem(403, CROSS_SITE_MESSAGE);
  return new Response(CROSS_SITE_MESSAGE, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The API's routes and their methods: Astro answers 404 for a method a route has no handler for, so
 * a 404 on a known route is a 405 (with Allow).
 */
const ROUTES: [RegExp, string][] = [
  [/^\/api\/offres\/?$/, 'GET'],
  [/^\/api\/offres\/[^/]+\/?$/, 'GET'],
  [/^\/api\/suggestions\/?$/, 'POST'],
  [/^\/api\/partenaires\/[^/]+\/publications\/?$/, 'GET, POST'],
  [/^\/api\/sante\/?$/, 'GET'],
  [/^\/api\/communes\/?$/, 'GET'],
];

const isJson = (response: Response) =>
  (response.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');

/** The French JSON error for what an API route did not answer itself (its own JSON is kept). */
export function frenchApiResponse(response: Response, request: Request, url: URL): Response {
  if (response.status < 400 || isJson(response)) return response;
  const path = url.pathname.length > 80 ? `${url.pathname.slice(0, 80)}…` : url.pathname;
  const allowed = ROUTES.find(([pattern]) => pattern.test(url.pathname))?.[1];
  if (response.status === 404 && allowed && !allowed.split(', ').includes(request.method))
    return problem(
      405,
      `Méthode ${request.method} non acceptée pour ${path} (méthodes acceptées : ${allowed})`,
      undefined,
      {
        allow: allowed,
      },
    );
  if (response.status === 404)
    return problem(404, `Adresse inconnue : ${path} (les points d’entrée sont décrits dans openapi.yaml)`);
  if (response.status === 405) {
    const allow = response.headers.get('allow');
    return problem(
      405,
      `Méthode ${request.method} non acceptée pour ${path}${allow ? ` (méthodes acceptées : ${allow})` : ''}`,
      undefined,
      allow ? { allow } : {},
    );
  }
  if (response.status >= 500)
    return problem(response.status, 'Erreur interne du serveur : réessayez plus tard.');
  return problem(response.status, `Requête refusée (${response.status})`);
}
