import { ACTIONS, type Action } from '@spie/orientation';
import type { APIRoute } from 'astro';
import { json, problem, readBodyLimited } from '../../../../../lib/http.ts';
import { withLink } from '../../../../../lib/orientation-links.ts';

// POST /api/orientations/liens/<token>/actions {action, motif?, message?}: accepter, refuser,
// etudier (structure link), annuler (référent link). A second answer gets a 409.
export const POST: APIRoute = async ({ params, request }) => {
  let body: { action?: unknown; motif?: unknown; message?: unknown };
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyLimited(request, 16 * 1024))) ?? {};
  } catch {
    return problem(400, 'JSON invalide');
  }
  if (
    typeof body.action !== 'string' ||
    !ACTIONS.includes(body.action as Action) ||
    body.action === 'expirer'
  )
    return problem(400, 'Action inconnue', [
      { champ: 'action', message: 'accepter, refuser, etudier ou annuler' },
    ]);
  const r = await withLink(request, (s) => s.act(params.token ?? '', body.action as Action, body));
  return r.ok ? json(r.value) : r.response;
};
