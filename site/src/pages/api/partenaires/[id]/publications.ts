import { diffJson, PUBLISH_MODES, reportJson, StoreError, versionJson } from '@spie/loader';
import type { APIRoute } from 'astro';
import {
  BodyTooLargeError,
  json,
  MAX_CSV_BYTES,
  megabytes,
  problem,
  readBodyLimited,
} from '../../../../lib/http.ts';
import { authenticatePartner } from '../../../../lib/partner-auth.ts';
import { publishPartnerCsv } from '../../../../lib/publication.ts';
import { runtime } from '../../../../lib/runtime.ts';

/** GET /api/partenaires/<id>/publications: the partner's versions, newest first. */
export const GET: APIRoute = async ({ params, request }) => {
  const auth = await authenticatePartner(params.id ?? '', request);
  if (!auth.ok) return auth.response;
  const { store } = await runtime();
  const history = await store.history(auth.partner);
  return json({ partenaire: auth.partner, versions: history.reverse().map(versionJson) });
};

const YES = ['1', 'true', 'oui'];

/**
 * POST /api/partenaires/<id>/publications: CSV body; `?dry_run=1` validates and shows the change
 * without publishing; `?mode=remplacer|complement`; `?confirmer_retraits=1` to withdraw more than a
 * third of the partner's offers in replace mode.
 */
export const POST: APIRoute = async ({ params, request, url }) => {
  const auth = await authenticatePartner(params.id ?? '', request);
  if (!auth.ok) return auth.response;
  let csv: Uint8Array;
  try {
    csv = await readBodyLimited(request, MAX_CSV_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return problem(413, `Fichier trop volumineux : ${megabytes(MAX_CSV_BYTES)} au maximum`);
    throw error;
  }
  if (csv.byteLength === 0) return problem(400, 'Corps vide : envoyez le fichier CSV des offres');
  const dryRun = YES.includes(url.searchParams.get('dry_run') ?? '');
  const modeName = url.searchParams.get('mode') ?? 'remplacer';
  if (modeName !== 'remplacer' && modeName !== 'complement')
    return problem(
      400,
      `Paramètre « mode » invalide : « ${modeName.slice(0, 40)} » (remplacer ou complement)`,
    );
  const confirmRemovals = YES.includes(url.searchParams.get('confirmer_retraits') ?? '');
  let outcome: Awaited<ReturnType<typeof publishPartnerCsv>>;
  try {
    outcome = await publishPartnerCsv(auth.partner, csv, {
      dryRun,
      by: `api:${auth.partner}`,
      mode: PUBLISH_MODES[modeName],
      confirmRemovals,
    });
  } catch (error) {
    // The store could not write (disk full, unwritable DATA_DIR): its French message, not a bare 500.
    if (!(error instanceof StoreError)) throw error;
    return problem(503, error.message, undefined, { 'retry-after': '60' });
  }
  const base = { partenaire: auth.partner, rapport: reportJson(outcome.report) };
  switch (outcome.status) {
    case 'invalid':
      return json(
        { ...base, publie: false, erreur: 'Le fichier contient des erreurs : rien n’a été publié' },
        422,
      );
    case 'refused':
      return json({ ...base, publie: false, erreur: outcome.message }, 409);
    case 'store-failed':
      // Valid file, but the store could not write it (disk full…): a server-side fault, said plainly.
      return json({ ...base, publie: false, erreur: outcome.message }, 503, { 'retry-after': '60' });
    case 'needs-confirmation':
      return json(
        {
          ...base,
          ...diffJson(outcome.diff),
          publie: false,
          confirmation_requise: true,
          erreur: `Ce fichier retire ${outcome.diff.removed} de vos ${outcome.diff.previous} offres (plus d’un tiers) : rien n’a été publié. Vérifiez la liste des offres retirées, puis confirmez avec confirmer_retraits=1 (ou publiez en mode complement).`,
        },
        409,
      );
    case 'unchanged':
      return json({ ...base, ...diffJson(outcome.diff), publie: false, aucun_changement: true });
    case 'valid':
      return json({
        ...base,
        ...diffJson(outcome.diff),
        publie: false,
        valide: true,
        offres: outcome.offerCount,
        confirmation_requise: outcome.needsConfirmation,
      });
    case 'published':
      return json(
        {
          ...base,
          ...(outcome.diff ? diffJson(outcome.diff) : {}),
          publie: true,
          version: versionJson(outcome.version),
          // The store committed but the search engine did not answer: say so, it catches up on reindex.
          ...(outcome.indexLate
            ? {
                avertissement:
                  'Offres enregistrées, mais le moteur de recherche ne répond pas : elles apparaîtront dans la recherche après la prochaine réindexation.',
              }
            : {}),
        },
        201,
      );
  }
};
