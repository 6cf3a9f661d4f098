import { DiagnosticError, SearchUnavailableError } from '@spie/search';
import type { APIRoute } from 'astro';
import { parseDiagnostic } from '../../lib/diagnostic-input.ts';
import {
  BodyTooLargeError,
  json,
  MAX_JSON_BYTES,
  problem,
  readBodyLimited,
  searchUnavailable,
} from '../../lib/http.ts';
import { suggestFor } from '../../lib/suggestions.ts';

// POST /api/suggestions: Diagnostic JSON → suggestions. The body is personal data: it is neither
// stored nor logged, and error messages name fields, never values.
export const POST: APIRoute = async ({ request }) => {
  if (!(request.headers.get('content-type') ?? '').includes('application/json'))
    return problem(415, 'Corps attendu au format JSON (Content-Type: application/json)');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyLimited(request, MAX_JSON_BYTES)));
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return problem(413, 'Diagnostic trop volumineux (64 Ko au maximum)');
    return problem(400, 'JSON invalide');
  }
  const parsed = parseDiagnostic(body);
  if (!parsed.ok) return problem(400, 'Diagnostic invalide', parsed.errors);
  try {
    return json(await suggestFor(parsed.diagnostic));
  } catch (error) {
    if (error instanceof DiagnosticError) return problem(400, 'Diagnostic invalide', error.problems);
    if (error instanceof SearchUnavailableError) {
      console.error('POST /api/suggestions: search engine unavailable');
      return searchUnavailable();
    }
    // Deliberately no error detail: it could carry the diagnostic.
    console.error('POST /api/suggestions: matching failed');
    return problem(500, 'Erreur interne pendant le calcul des suggestions');
  }
};
