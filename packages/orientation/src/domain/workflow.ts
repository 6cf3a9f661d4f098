// The orientation workflow: a transition table, nothing else may change a status. Final states are
// final; each action names the only actor allowed to take it (unlike a bare status setter).

export const STATUSES = ['en_attente', 'a_l_etude', 'acceptee', 'refusee', 'expiree', 'annulee'] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = ['en_attente', 'a_l_etude'];
export const isOpen = (s: Status) => OPEN_STATUSES.includes(s);

/** Who took an action: the structure through its link, the référent through theirs, the jobs, or an operator (CLI). */
export type Actor = 'structure' | 'referent' | 'systeme' | 'operateur';

export const ACTIONS = ['etudier', 'accepter', 'refuser', 'annuler', 'expirer'] as const;
export type Action = (typeof ACTIONS)[number];

interface Transition {
  from: readonly Status[];
  to: Status;
  actors: readonly Actor[];
}

export const TRANSITIONS: Readonly<Record<Action, Transition>> = {
  etudier: { from: ['en_attente'], to: 'a_l_etude', actors: ['structure'] },
  accepter: { from: ['en_attente', 'a_l_etude'], to: 'acceptee', actors: ['structure'] },
  refuser: { from: ['en_attente', 'a_l_etude'], to: 'refusee', actors: ['structure'] },
  annuler: { from: ['en_attente', 'a_l_etude'], to: 'annulee', actors: ['referent', 'operateur'] },
  expirer: { from: ['en_attente', 'a_l_etude'], to: 'expiree', actors: ['systeme'] },
};

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  en_attente: 'en attente de réponse',
  a_l_etude: 'à l’étude',
  acceptee: 'acceptée',
  refusee: 'refusée',
  expiree: 'expirée',
  annulee: 'annulée',
};

export const REFUSAL_REASONS = {
  plus_de_place: 'Plus de place',
  criteres_non_remplis: 'Ne correspond pas aux critères',
  personne_injoignable: 'Personne injoignable',
  autre: 'Autre',
} as const;
export type RefusalReason = keyof typeof REFUSAL_REASONS;

export type TransitionCheck = { ok: true; to: Status } | { ok: false; erreur: string };

/** The status `action` leads to from `current`, or why it is not allowed (French, for a 409). */
export function checkTransition(current: Status, action: Action, actor: Actor): TransitionCheck {
  const t = TRANSITIONS[action];
  if (!t.actors.includes(actor)) return { ok: false, erreur: 'Cette action n’est pas permise avec ce lien.' };
  if (!t.from.includes(current))
    return {
      ok: false,
      erreur: `Cette orientation est déjà ${STATUS_LABELS[current]} : elle ne peut plus changer de cette façon.`,
    };
  return { ok: true, to: t.to };
}
