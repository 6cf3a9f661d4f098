import type { APIRoute } from 'astro';
import { json, problem } from '../../../lib/http.ts';
import { runtime } from '../../../lib/runtime.ts';

const OFFER_ID = /^[\w.:@-]{1,120}$/;

export const GET: APIRoute = async ({ params }) => {
  const id = params.id ?? '';
  if (!OFFER_ID.test(id)) return problem(404, 'Offre introuvable');
  const offer = await (await runtime()).engine.get(id);
  return offer ? json(offer) : problem(404, 'Offre introuvable');
};
