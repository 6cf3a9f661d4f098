// Builders shared by the matching tests (not exported from the package).
import type { Diagnostic } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import type { MatchingPerson } from './types.ts';

/** Niort (79191), CA du Niortais, Deux-Sèvres. */
export const NIORT: MatchingPerson = {
  latitude: 46.3237,
  longitude: -0.4588,
  zoneCodes: ['79191', '200041317', '79', 'france', '99100'],
  communeNom: 'Niort',
};
export const TODAY = '2026-11-27';

/** A point `km` kilometres north of `from` (1° of latitude ≈ 111.19 km). */
export const northOf = (from: { latitude: number; longitude: number }, km: number) => ({
  latitude: from.latitude + km / 111.1951,
  longitude: from.longitude,
});

export function makeOffer(overrides: Partial<Offer> & { id: string }): Offer {
  return {
    structure_id: `structure-${overrides.id}`,
    nom: `Offre ${overrides.id}`,
    description: 'Une description suffisamment longue pour passer le critère de qualité data·inclusion.',
    date_maj: '2026-11-01',
    thematiques: ['famille--garde-denfants'],
    modes_accueil: ['en-presentiel'],
    publics: ['tous-publics'],
    frais: 'gratuit',
    ...northOf(NIORT, 1),
    ...overrides,
  };
}

export function makeDiagnostic(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code_commune: '79191',
    situations: [],
    besoins: [{ thematique: 'famille--garde-denfants', priorite: 1 }],
    mobilite: { mode: 'transports-en-commun' },
    acces_numerique: true,
    prescripteur_habilite: true,
    ...overrides,
  };
}
