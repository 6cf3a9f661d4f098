// Persona scenarios on the demo data (data/demo published into a temporary store, embedded engine),
// and one persona on a real Meilisearch, which must give the same result.
import {
  DEFAULT_MATCHING_CONFIG,
  type DiagnosticInput,
  DiagnosticSchema,
  haversineKm,
  type Offer,
  type SuggestionsResult,
} from '@spie/core';
import {
  createSearchEngine,
  EmbeddedSearchEngine,
  findSuggestions,
  resolveLocation,
  type SearchEngine,
} from '@spie/search';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAvailable, persona, publishDemo } from '../fixtures/diagnostics/demo-store.ts';

const TODAY = '2026-11-27';
let offers: Offer[] = [];
let byId = new Map<string, Offer>();
let embedded: EmbeddedSearchEngine;
let cleanup = () => {};

beforeAll(async () => {
  const demo = await publishDemo();
  offers = demo.offers;
  cleanup = demo.cleanup;
  byId = new Map(offers.map((o) => [o.id, o]));
  embedded = new EmbeddedSearchEngine();
  await embedded.replaceAll(offers);
});
afterAll(() => cleanup());

/** Every suggestion keeps the hard rules, checked from the offers themselves. */
function expectHardRules(input: DiagnosticInput, r: SuggestionsResult) {
  const d = DiagnosticSchema.parse(input);
  const { person } = resolveLocation(d);
  const budget = d.mobilite.distance_max_km ?? DEFAULT_MATCHING_CONFIG.budgetKmByMode[d.mobilite.mode];
  for (const s of r.suggestions) {
    const o = byId.get(s.id)!;
    if (o.zone_eligibilite?.length)
      expect(o.zone_eligibilite.some((z) => person.zoneCodes.includes(z))).toBe(true);
    if (s.a_distance) {
      expect(d.acces_numerique).toBe(true);
      expect(o.modes_accueil).toContain('a-distance');
    } else if (o.latitude !== undefined && o.longitude !== undefined)
      expect(haversineKm(person, { latitude: o.latitude, longitude: o.longitude })).toBeLessThanOrEqual(
        budget,
      );
    expect(o.places_disponibles).not.toBe(0);
    expect(!o.date_fin || o.date_fin >= TODAY).toBe(true);
  }
}

const covers = (r: SuggestionsResult, besoin: string) =>
  r.parcours.some((id) => r.suggestions.find((s) => s.id === id)?.besoins.includes(besoin as never));

describe.runIf(demoAvailable())('personas on the demo data (embedded engine)', () => {
  it('a single mother on RSA in rural Deux-Sèvres, by bike: childcare and a driving licence', async () => {
    const input = persona('mere-isolee-rsa-deux-sevres');
    const r = await findSuggestions(input, embedded, { today: TODAY });
    expectHardRules(input, r);
    expect(covers(r, 'famille--garde-denfants')).toBe(true);
    expect(covers(r, 'mobilite--preparer-un-permis')).toBe(true);
    expect(r.besoins_non_couverts).toEqual([]);
    expect(r.parcours.length).toBeLessThanOrEqual(2);
    const all = r.suggestions.flatMap((s) => s.raisons);
    expect(all).toContain('réservé aux bénéficiaires du RSA : la personne est éligible');
    expect(
      all.some(
        (t) =>
          /^à .* km, dans votre budget de trajet à vélo$/.test(t) ||
          /^à \d+ m, dans votre budget de trajet à vélo$/.test(t),
      ),
    ).toBe(true);
    // The permis help of the mission locale is for 18–25: never proposed to her.
    expect(r.suggestions.some((s) => byId.get(s.id)?.age_max === 25)).toBe(false);
    // On foot (3 km) the farther offers drop out; whatever is left is within 3 km.
    const onFoot = await findSuggestions({ ...input, mobilite: { mode: 'a-pied' } }, embedded, {
      today: TODAY,
    });
    const inPerson = (x: SuggestionsResult) => x.suggestions.filter((s) => !s.a_distance);
    expect(inPerson(onFoot).length).toBeGreaterThan(0);
    expect(inPerson(onFoot).length).toBeLessThan(inPerson(r).length);
    for (const s of inPerson(onFoot)) expect(s.distance_km ?? 0).toBeLessThanOrEqual(3);
  });

  it('a 22-year-old in Amiens without qualification: chantiers d’insertion, with the IAE rule', async () => {
    const input = persona('jeune-amiens-chantier-insertion');
    const r = await findSuggestions(input, embedded, { today: TODAY });
    expectHardRules(input, r);
    const chantiers = r.suggestions.filter((s) => /chantier d.insertion/i.test(s.nom));
    expect(chantiers.length).toBeGreaterThan(0);
    const iae = r.suggestions.filter((s) => byId.get(s.id)?.eligibilite_iae_requise);
    expect(iae.length).toBeGreaterThan(0);
    for (const s of iae)
      expect(s.raisons).toContain('éligibilité IAE requise : 3 critères de niveau 2 remplis (3 demandés)');
    expect(r.besoins_non_couverts).toEqual([]);
    // Without the QPV criterion he has 2 level-2 criteria: a référent who is not prescripteur habilité
    // gets no ACI requiring IAE eligibility…
    const withoutQpv = await findSuggestions(
      { ...input, situations: ['demandeur-emploi', 'niveau-infra-cap'], prescripteur_habilite: false },
      embedded,
      { today: TODAY },
    );
    expectHardRules(input, withoutQpv);
    expect(
      withoutQpv.suggestions.some(
        (s) => byId.get(s.id)?.eligibilite_iae_requise && byId.get(s.id)?.reseaux_porteurs?.includes('aci'),
      ),
    ).toBe(false);
    // …a prescripteur habilité (the default) gets them, with the watch-out.
    const habilite = await findSuggestions(
      { ...input, situations: ['demandeur-emploi', 'niveau-infra-cap'] },
      embedded,
      { today: TODAY },
    );
    const aci = habilite.suggestions.filter((s) => byId.get(s.id)?.reseaux_porteurs?.includes('aci'));
    expect(aci.length).toBeGreaterThan(0);
    for (const s of aci)
      if (byId.get(s.id)?.eligibilite_iae_requise)
        expect(s.points_attention).toContain(
          'éligibilité IAE à valider par votre diagnostic (prescripteur habilité)',
        );
  });

  it('a refugee in Essonne without digital access: French lessons and digital help, in person only', async () => {
    const input = persona('refugiee-essonne-francais-numerique');
    const r = await findSuggestions(input, embedded, { today: TODAY });
    expectHardRules(input, r);
    expect(covers(r, 'lecture-ecriture-calcul--maitriser-le-francais')).toBe(true);
    expect(covers(r, 'numerique')).toBe(true);
    expect(r.suggestions.every((s) => !s.a_distance)).toBe(true);
    expect(r.suggestions.some((s) => byId.get(s.id)?.modes_accueil?.join() === 'a-distance')).toBe(false);
    const best = r.suggestions.find(
      (s) => s.id === r.par_besoin['lecture-ecriture-calcul--maitriser-le-francais']?.[0],
    );
    expect(best?.raisons[0]).toBe('répond au besoin « Maîtriser le français » (priorité 1)');
    // With digital access, remote French lessons become possible.
    const online = await findSuggestions({ ...input, acces_numerique: true }, embedded, { today: TODAY });
    expect(online.suggestions.length).toBeGreaterThanOrEqual(r.suggestions.length);
  });

  it('gives the same result on a real Meilisearch', async () => {
    const meili: SearchEngine = createSearchEngine({
      meiliUrl: inject('meiliUrl'),
      meiliApiKey: inject('meiliMasterKey'),
      indexName: `suggest-personas-${process.pid}`,
    });
    await meili.replaceAll(offers);
    for (const name of ['mere-isolee-rsa-deux-sevres', 'refugiee-essonne-francais-numerique']) {
      const input = persona(name);
      const [a, b] = await Promise.all([
        findSuggestions(input, embedded, { today: TODAY }),
        findSuggestions(input, meili, { today: TODAY }),
      ]);
      expect(b.parcours).toEqual(a.parcours);
      expect(b).toEqual(a);
    }
    await meili.close?.();
  });
});
