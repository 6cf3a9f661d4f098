import { SearchUnavailableError, searchWithOutOfZone } from '@spie/search';
import type { APIRoute } from 'astro';
import { jsonText, problem, searchUnavailable } from '../../lib/http.ts';
import { apiResultsJson } from '../../lib/offers-api.ts';
import { runtime } from '../../lib/runtime.ts';
import { parseSearchParams } from '../../lib/search-params.ts';

export const GET: APIRoute = async ({ url }) => {
  const parsed = parseSearchParams(url.searchParams);
  if (!parsed.ok) return problem(400, 'Paramètres de recherche invalides', parsed.errors);
  try {
    const { engine } = await runtime();
    const result = await searchWithOutOfZone(engine, parsed.query, {
      include: parsed.state.hors_zone === 'inclure',
    });
    return jsonText(apiResultsJson(result, parsed.state));
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    console.error(`GET /api/offres: ${error.message}`);
    return searchUnavailable();
  }
};
