import { CoverageQueryError, parseCoverageParams } from '@spie/search';
import type { APIRoute } from 'astro';
import { coverage, coverageCsv } from '../../lib/couverture.ts';
import { json, problem } from '../../lib/http.ts';

/**
 * `?departement=79|epci=<SIREN>&besoin=<thématique ou catégorie>&mode=<mode>[&publics=a,b][&format=csv]`:
 * for every commune, the offers reachable under the matching's rules, and the population left without.
 */
export const GET: APIRoute = async ({ url }) => {
  const p = url.searchParams;
  let query: ReturnType<typeof parseCoverageParams>;
  try {
    query = parseCoverageParams({
      departement: p.get('departement'),
      epci: p.get('epci'),
      besoin: p.get('besoin'),
      mode: p.get('mode'),
      publics: p.getAll('publics').join(','),
    });
  } catch (error) {
    if (error instanceof CoverageQueryError) return problem(400, 'Paramètres invalides', [error.message]);
    throw error;
  }
  const format = p.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv')
    return problem(400, 'Paramètres invalides', [`format inconnu : « ${format} » (json ou csv)`]);
  const result = await coverage(query);
  if (format === 'csv') {
    const name = `couverture-${result.territoire.code}-${result.besoin}-${result.mode}.csv`;
    return new Response(coverageCsv(result), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  }
  return json(result);
};
