import type { APIRoute } from 'astro';
import { json } from '../../../../lib/http.ts';
import { withLink } from '../../../../lib/orientation-links.ts';

// GET /api/orientations/liens/<token>: the one orientation this private link opens.
export const GET: APIRoute = async ({ params, request }) => {
  const r = await withLink(request, (s) => s.open(params.token ?? ''));
  return r.ok ? json(r.value) : r.response;
};
