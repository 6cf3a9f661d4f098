// Duplicate clusters: explicit cases (what joins, what must not), then precision and recall on the
// labelled set (testing/labelled-duplicates.ts) over several seeds.
import { describe, expect, it } from 'vitest';
import { clusterOffers, duplicateReasons, nameTokens, tokenSimilarity } from './clusters.ts';
import type { Offer } from './offer.ts';
import { labelledDuplicates, pairwiseScores } from './testing/labelled-duplicates.ts';

const base: Offer = {
  id: 'dora--permis',
  structure_id: 'dora--ml',
  source: 'dora',
  nom: 'Aide au financement du permis B',
  description: 'Prise en charge d’une partie du permis B.',
  thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
  commune: 'Niort',
  code_insee: '79191',
  adresse: "2 rue de l'Ancien Musée",
  latitude: 46.3237,
  longitude: -0.4588,
  telephone: '05 49 17 51 00',
  structure_nom: 'Mission locale du Niortais',
  structure_siret: '30012345600028',
  date_maj: '2026-10-20',
  partenaire: 'data-inclusion:dora',
} as Offer;
/** `base` moved by `meters` northwards */
const moved = (meters: number) => ({ latitude: base.latitude! + meters / 111_195 });

describe('duplicate reasons', () => {
  it('joins the same service from another source, with its reasons', () => {
    const copy = {
      ...base,
      id: 'mes-aides--permis',
      nom: 'AIDE FINANCEMENT PERMIS B',
      structure_nom: 'ML Niortais',
      structure_siret: undefined,
      adresse: "2 r. de l'Ancien Musee",
      telephone: '+33549175100',
      thematiques: ['mobilite--preparer-un-permis'],
      ...moved(50),
    } as Offer;
    const reasons = duplicateReasons(base, copy);
    expect(reasons).toEqual([
      expect.stringMatching(/structures aux noms proches .* et même adresse/),
      expect.stringMatching(/^thématiques communes : Préparer un permis/i),
      expect.stringMatching(/^noms proches/),
      'à 50 m l’une de l’autre',
    ]);
  });

  it('reads « ACI » as « chantier d’insertion », and folds accents, case and plurals', () => {
    expect(
      tokenSimilarity(nameTokens('ACI Espaces Verts'), nameTokens("Chantier d'insertion espace vert")),
    ).toBe(1);
    expect(nameTokens('Épicerie SOLIDAIRE')).toEqual(nameTokens('epiceries solidaires'));
  });

  it('keeps apart what only looks alike', () => {
    // another service of the same structure on the same thématique
    expect(duplicateReasons(base, { ...base, id: 'x', nom: 'Atelier code de la route' })).toBeUndefined();
    // the same service 250 m away (another antenna)
    expect(duplicateReasons(base, { ...base, id: 'x', ...moved(250) })).toBeUndefined();
    // another organisation at the same address
    expect(duplicateReasons(base, { ...base, id: 'x', structure_siret: '77788899900011' })).toBeUndefined();
    // no thématique in common
    expect(
      duplicateReasons(base, { ...base, id: 'x', thematiques: ['logement-hebergement--louer-un-logement'] }),
    ).toBeUndefined();
  });

  it('joins remote services by commune, and never an offer marked « ce n’est pas un doublon »', () => {
    const remote = {
      ...base,
      latitude: undefined,
      longitude: undefined,
      modes_accueil: ['a-distance'],
    } as Offer;
    expect(duplicateReasons(remote, { ...remote, id: 'y' })).toContain('même commune (Niort)');
    const offers = [base, { ...base, id: 'y' }, { ...base, id: 'z' }];
    expect(clusterOffers(offers).map((c) => c.members.length)).toEqual([3]);
    expect(clusterOffers(offers, { isDistinct: (o) => o.id === 'z' }).map((c) => c.members)).toEqual([
      ['dora--permis', 'y'],
    ]);
  });

  it('leads with the most complete record, then the freshest', () => {
    const sparse = {
      ...base,
      id: 'a-sparse',
      telephone: undefined,
      adresse: undefined,
      date_maj: '2026-12-01',
    } as Offer;
    const older = { ...base, id: 'b-older', date_maj: '2026-01-01' } as Offer;
    const [cluster] = clusterOffers([sparse, older, base]);
    expect(cluster!.members).toEqual(['dora--permis', 'b-older', 'a-sparse']);
    expect(cluster!.id).toBe('dora--permis');
    expect(cluster!.links.length).toBeGreaterThanOrEqual(2);
  });
});

describe('precision and recall on the labelled set', () => {
  it.each([1, 2, 3, 4])('seed %i: precision ≥ 0.97, recall ≥ 0.90', (seed) => {
    const { offers, truth } = labelledDuplicates({ seed });
    const scores = pairwiseScores(clusterOffers(offers), truth);
    expect(scores.truePairs).toBeGreaterThan(500);
    expect(scores.precision).toBeGreaterThanOrEqual(0.97);
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
  });
});
