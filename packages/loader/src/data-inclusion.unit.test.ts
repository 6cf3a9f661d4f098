// A data·inclusion v1 export (services + structures, JSON or CSV as published nationally) imports as is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateOffersFile } from './validate.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../tests/fixtures/data-inclusion/${name}`, import.meta.url));
const NOW = new Date('2026-11-27T12:00:00Z');

describe.each([
  ['JSON', 'services.json', 'structures.json'],
  ['CSV', 'services.csv', 'structures.csv'],
  ['CSV services + JSON structures', 'services.csv', 'structures.json'],
])('data·inclusion export (%s)', (_kind, services, structures) => {
  it('joins structures into offers and reports the one bad service', async () => {
    const { report, offers, rows } = await validateOffersFile(fixture(services), {
      structures: fixture(structures),
      now: NOW,
    });
    // The fourth service has a near-miss thématique: reported with a suggestion on its row.
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 5, column: 'thematiques', suggestion: 'mobilite--preparer-un-permis' }),
    ]);
    // Its structure is missing from the structures file: a warning, not an error.
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 5,
          value: 'dora--structure-absente',
          message: expect.stringContaining('introuvable'),
        }),
        expect.objectContaining({ row: 1, column: 'score_qualite' }),
      ]),
    );
    expect(rows).toEqual([2, 3, 4]);
    const [ml, epicerie, ccas] = offers;
    // Service without address: the structure's address, contact and hours are used as a block.
    expect(ml).toMatchObject({
      structure_nom: 'Mission locale du Niortais',
      structure_siret: '30012345600028',
      reseaux_porteurs: ['mission-locale'],
      code_insee: '79191',
      code_postal: '79000',
      commune: 'Niort',
      latitude: 46.3245,
      telephone: '05 49 17 51 00',
      horaires_accueil: 'Mo-Fr 09:00-12:30,13:30-17:30',
      thematiques: [
        'trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs',
        'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
      ],
      mobilisable_par: ['usagers', 'professionnels'],
    });
    expect(ml!.zone_eligibilite).toEqual(['200041317']);
    // Service's own hours win over the structure's; international phone normalised.
    expect(epicerie).toMatchObject({
      horaires_accueil: 'Tu,Th 14:00-18:00',
      telephone: '05 49 88 00 00',
      complement_adresse: 'Rez-de-chaussée',
      publics: ['familles', 'beneficiaires-des-minimas-sociaux'],
    });
    expect(epicerie!.structure_siret).toBeUndefined();
    // Service with its own address keeps it (no mix with the structure's).
    expect(ccas).toMatchObject({
      adresse: 'Place de Verdun',
      latitude: 46.162,
      structure_nom: 'CCAS de La Rochelle',
    });
    expect(ccas!.courriel).toBe('ccas@larochelle.example.fr');
  });
});

describe('data·inclusion export without structures', () => {
  it('still validates the services, without structure fields', async () => {
    const { report, offers } = await validateOffersFile(fixture('services.json'), { now: NOW });
    expect(report.stats.format).toBe('json');
    expect(report.errors).toHaveLength(1);
    expect(offers).toHaveLength(3);
    expect(offers[0]!.structure_nom).toBeUndefined();
  });
});
