import { EmbeddedSearchEngine, ThreadedSearchEngine } from '@spie/search';
import type { APIRoute } from 'astro';
import { json, problem } from '../../lib/http.ts';
import { runtime } from '../../lib/runtime.ts';
import { storeVersion } from '../../lib/store-info.ts';

export const GET: APIRoute = async () => {
  try {
    const rt = await runtime();
    return json({
      statut: 'ok',
      moteur: rt.engine.name,
      offres: await rt.engine.count(),
      version_donnees: storeVersion(rt),
      // Result cache counters of the embedded engine, for operators only (SPIE_CACHE_STATS=1, set by
      // the load benchmark): public, they told whether a given search was made recently (issue 14).
      ...(process.env.SPIE_CACHE_STATS === '1' &&
      (rt.engine instanceof EmbeddedSearchEngine || rt.engine instanceof ThreadedSearchEngine)
        ? { cache: await rt.engine.cacheStats() }
        : {}),
    });
  } catch {
    return problem(503, 'Service indisponible : le moteur de recherche ne répond pas');
  }
};
