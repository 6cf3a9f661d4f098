import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/http.ts';
import { withLink } from '../../../../../lib/orientation-links.ts';

// POST /api/orientations/liens/<token>/renouveler: a new structure link, e-mailed to the offer's
// contact address only. The answer is the same whatever happened (it tells nothing to a guesser).
export const POST: APIRoute = async ({ params, request }) => {
  const r = await withLink(request, (s) => s.renewStructureLink(params.token ?? ''));
  return r.ok
    ? json(
        {
          message:
            'Si ce lien correspond à une orientation en cours, un nouveau lien a été envoyé à l’adresse de contact de l’offre.',
        },
        202,
      )
    : r.response;
};
