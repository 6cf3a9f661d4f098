import { readSyncStatus } from '@spie/loader';
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
      // each data·inclusion source's last sync (CLI or scheduled), from DATA_DIR
      data_inclusion: (await readSyncStatus(rt.dataDir)).map((s) => ({
        source: s.source,
        partenaire: s.partner,
        dernier_essai: s.lastAttempt,
        statut: s.lastStatus,
        message: s.lastMessage,
        derniere_publication: s.lastSuccess ?? null,
        offres: s.offers ?? null,
      })),
      // Embedded engine only: result cache counters since start (read by the load benchmark).
      ...(rt.engine instanceof EmbeddedSearchEngine || rt.engine instanceof ThreadedSearchEngine
        ? { cache: await rt.engine.cacheStats() }
        : {}),
    });
  } catch {
    return problem(503, 'Service indisponible : le moteur de recherche ne répond pas');
  }
};
