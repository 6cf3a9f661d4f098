// Shared server logic of the two link pages: open the orientation, apply a posted action.
import { ACTIONS, type Action, OrientationError, type OrientationView } from '@spie/orientation';
import { withLink } from './orientation-links.ts';
import { ORIENTATIONS_UNAVAILABLE } from './orientations.ts';

export interface LinkPageState {
  view?: OrientationView;
  /** French message of a refused access or action. */
  error?: string;
  status: number;
  /** An expired structure link may ask for a new one. */
  renewable: boolean;
  done?: string;
}

const DONE: Partial<Record<Action, string>> = {
  accepter: 'Orientation acceptée : le référent est prévenu par courriel.',
  refuser: 'Orientation refusée : le référent est prévenu par courriel.',
  etudier: 'Orientation mise à l’étude : le référent est prévenu.',
  annuler: 'Orientation annulée : la structure ne peut plus y répondre.',
};

export async function linkPage(request: Request, token: string): Promise<LinkPageState> {
  let done: string | undefined;
  if (request.method === 'POST') {
    const form = await request.formData();
    const action = String(form.get('action') ?? '');
    if (action === 'renouveler') {
      const r = await withLink(request, (s) => s.renewStructureLink(token));
      if (r.ok)
        return {
          status: 202,
          renewable: false,
          done: 'Si ce lien correspond à une orientation en cours, un nouveau lien a été envoyé à l’adresse de contact de l’offre.',
        };
    } else if (ACTIONS.includes(action as Action) && action !== 'expirer') {
      const r = await withLink(request, (s) =>
        s.act(token, action as Action, { motif: form.get('motif'), message: form.get('message') }),
      );
      if (r.ok) return { view: r.value, status: 200, renewable: false, done: DONE[action as Action] };
      const opened = await withLink(request, (s) => s.open(token));
      return {
        ...(opened.ok ? { view: opened.value } : {}),
        error: errorText(r.error),
        status: r.response.status,
        renewable: false,
      };
    }
  }
  const r = await withLink(request, (s) => s.open(token));
  if (r.ok) return { view: r.value, status: 200, renewable: false, ...(done ? { done } : {}) };
  const renewable =
    r.error instanceof OrientationError &&
    (r.error.details as { renouvelable?: boolean } | undefined)?.renouvelable === true;
  return { error: errorText(r.error), status: r.response.status, renewable };
}

function errorText(error: unknown): string {
  if (error instanceof OrientationError) return error.erreur;
  if (error === undefined) return 'Trop de liens invalides essayés : réessayez dans une minute.';
  return ORIENTATIONS_UNAVAILABLE;
}
