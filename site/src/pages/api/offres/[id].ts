import { SearchUnavailableError } from '@spie/search';
import type { APIRoute } from 'astro';
import { json, problem, searchUnavailable } from '../../../lib/http.ts';
import { runtime } from '../../../lib/runtime.ts';

const OFFER_ID = /^[\w.:@-]{1,120}$/;

export const GET: APIRoute = async ({ params }) => {
  const id = params.id ?? '';
  if (!OFFER_ID.test(id)) return problem(404, 'Offre introuvable');
  try {
    const offer = await (await runtime()).engine.get(id);
    return offer ? json(offer) : problem(404, 'Offre introuvable');
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    console.error(`GET /api/offres/:id: ${error.message}`);
    return searchUnavailable();
  }
};
