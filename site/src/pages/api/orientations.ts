import type { APIRoute } from 'astro';
import { BodyTooLargeError, json, MAX_JSON_BYTES, problem, readBodyLimited } from '../../lib/http.ts';
import { offerInfo, orientationProblem, orientations } from '../../lib/orientations.ts';
import { runtime } from '../../lib/runtime.ts';

// POST /api/orientations: the fiche de liaison (personal data: never logged; errors name fields only).
export const POST: APIRoute = async ({ request }) => {
  if (!(request.headers.get('content-type') ?? '').includes('application/json'))
    return problem(415, 'Corps attendu au format JSON (Content-Type: application/json)');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyLimited(request, MAX_JSON_BYTES)));
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return problem(413, 'Orientation trop volumineuse (64 Ko au maximum)');
    return problem(400, 'JSON invalide');
  }
  const offreId = (body as { offre_id?: unknown } | null)?.offre_id;
  try {
    const service = await orientations();
    const offer =
      typeof offreId === 'string' && /^[\w.:@-]{1,120}$/.test(offreId)
        ? await (await runtime()).engine.get(offreId)
        : undefined;
    const created = await service.create(body, offer ? offerInfo(offer) : undefined);
    return json(
      { id: created.id, statut: created.statut, lien_suivi: created.lien_suivi },
      created.created ? 201 : 200,
    );
  } catch (error) {
    return orientationProblem(error);
  }
};
