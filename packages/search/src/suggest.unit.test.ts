// The glue on the embedded engine (in process, no network): validation without echo, location
// resolution, retrieval through the port, commune-centre fallback.
import type { Offer } from '@spie/core';
import { getCommune } from '@spie/territory';
import { describe, expect, it } from 'vitest';
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import {
  DiagnosticError,
  findSuggestions,
  nearestCommune,
  parseDiagnostic,
  resolveLocation,
} from './suggest.ts';

const TODAY = '2026-11-27';
const niort = getCommune('79191')!;
const offer = (o: Partial<Offer> & { id: string }): Offer => ({
  structure_id: `s-${o.id}`,
  nom: `Offre ${o.id}`,
  description: 'Une description suffisamment longue pour les critères de qualité data·inclusion.',
  date_maj: '2026-11-01',
  thematiques: ['famille--garde-denfants'],
  modes_accueil: ['en-presentiel'],
  publics: ['tous-publics'],
  latitude: niort.latitude + 0.01,
  longitude: niort.longitude,
  ...o,
});

describe('diagnostic validation', () => {
  it('throws a typed error with French messages per field, never echoing the values', () => {
    const secret = 'Jean Dupont 0612345678';
    const input = {
      code_commune: '7919X',
      situations: [secret],
      besoins: [{ thematique: secret, priorite: 4 }],
      mobilite: { mode: secret },
      acces_numerique: 'oui',
      nom: secret,
    };
    let error: unknown;
    try {
      parseDiagnostic(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DiagnosticError);
    const { problems, message } = error as DiagnosticError;
    expect(problems.map((p) => p.champ)).toEqual(
      expect.arrayContaining([
        'code_commune',
        'situations.0',
        'besoins.0.thematique',
        'mobilite.mode',
        'acces_numerique',
      ]),
    );
    expect(problems.find((p) => p.champ === 'situations.0')?.message).toBe('valeur non reconnue');
    expect(problems.find((p) => p.champ === 'code_commune')?.message).toBe('code INSEE de commune invalide');
    expect(message).not.toContain('Dupont');
    expect(message).not.toContain('0612345678');
    expect(message).not.toContain('7919X');
  });

  it('does not repeat a duplicated besoin slug either', () => {
    const besoin = { thematique: 'famille--garde-denfants', priorite: 1 };
    expect(() =>
      parseDiagnostic({
        code_commune: '79191',
        besoins: [besoin, besoin],
        mobilite: { mode: 'voiture' },
        acces_numerique: true,
      }),
    ).toThrow(/besoins\.1\.thematique : besoin en double$/);
  });
});

describe('location', () => {
  const base = {
    besoins: [{ thematique: 'mobilite', priorite: 1 }],
    mobilite: { mode: 'voiture' },
    acces_numerique: true,
  };
  it('code_commune → the commune and its zone codes', () => {
    const r = resolveLocation(parseDiagnostic({ ...base, code_commune: '79191' }));
    expect(r.person.zoneCodes).toEqual(expect.arrayContaining(['79191', '200041317', '79', 'france']));
    expect(r.person.latitude).toBeCloseTo(niort.latitude);
  });
  it('code_postal → the most populous commune of that postal code', () => {
    expect(resolveLocation(parseDiagnostic({ ...base, code_postal: '79500' })).commune.nom).toBe('Melle');
  });
  it('a point → the nearest commune for zones, the point itself for distances', () => {
    const r = resolveLocation(
      parseDiagnostic({ ...base, latitude: niort.latitude + 0.001, longitude: niort.longitude }),
    );
    expect(r.commune.code).toBe('79191');
    expect(r.person.latitude).toBeCloseTo(niort.latitude + 0.001, 5);
    expect(nearestCommune({ latitude: 0, longitude: -30 })).toBeUndefined();
  });
  it('an unknown commune is a field error', () => {
    expect(() => resolveLocation(parseDiagnostic({ ...base, code_commune: '79999' }))).toThrow(
      DiagnosticError,
    );
  });
});

describe('findSuggestions on the embedded engine', () => {
  it('retrieves by zone, radius and category, places point-less offers at their commune centre', async () => {
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll([
      offer({ id: 'creche' }),
      offer({ id: 'creche-vienne', zone_eligibilite: ['86'] }),
      offer({ id: 'creche-loin', latitude: niort.latitude + 0.5 }),
      offer({ id: 'parentalite', thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'] }),
      offer({ id: 'sans-point', latitude: undefined, longitude: undefined, code_insee: '79191' }),
      offer({ id: 'en-ligne', modes_accueil: ['a-distance'], latitude: undefined, longitude: undefined }),
      offer({ id: 'sante', thematiques: ['sante--acces-aux-soins'] }),
    ]);
    const diagnostic = {
      code_commune: '79191',
      besoins: [{ thematique: 'famille--garde-denfants', priorite: 1 }],
      mobilite: { mode: 'transports-en-commun' },
      acces_numerique: true,
    };
    const r = await findSuggestions(diagnostic, engine, { today: TODAY, includeUnlocated: true });
    const located = await findSuggestions(diagnostic, engine, { today: TODAY });
    expect(located.suggestions.map((s) => s.id)).not.toContain('sans-point');
    expect(r.suggestions.map((s) => s.id).sort()).toEqual([
      'creche',
      'en-ligne',
      'parentalite',
      'sans-point',
    ]);
    expect(r.suggestions.find((s) => s.id === 'sans-point')?.points_attention).toContain(
      'lieu approximatif : centre de la commune',
    );
    expect(r.suggestions.at(-1)?.id).toBe('parentalite');
    const offline = await findSuggestions({ ...diagnostic, acces_numerique: false }, engine, {
      today: TODAY,
    });
    expect(offline.suggestions.map((s) => s.id)).not.toContain('en-ligne');
    expect(r.parcours).toHaveLength(1);
  });
});

describe('duplicate clusters in suggestions', () => {
  it('never proposes two offers of one cluster: the best-ranked copy stays, the parcours names it', async () => {
    const engine = new EmbeddedSearchEngine();
    const creche = {
      nom: 'Crèche à vocation d’insertion professionnelle',
      structure_nom: 'Crèche Les Petits Pas',
      structure_siret: '12345678900011',
      code_insee: '79191',
      commune: 'Niort',
      adresse: '3 rue des Écoles',
    };
    await engine.replaceAll([
      offer({ id: 'dora--creche', ...creche, partenaire: 'data-inclusion:dora' }),
      // the same crèche from another source: name in capitals, no SIRET, moved by 40 m
      offer({
        id: 'monenfant--creche',
        ...creche,
        nom: 'CRECHE A VOCATION D INSERTION PROFESSIONNELLE',
        structure_siret: undefined,
        structure_nom: 'Creche les petits pas',
        adresse: '3 r. des Ecoles',
        latitude: niort.latitude + 0.01 + 40 / 111_195,
        partenaire: 'data-inclusion:monenfant',
      }),
      offer({
        id: 'autre-creche',
        nom: 'Micro-crèche Les Lutins',
        structure_nom: 'Les Lutins',
        code_insee: '79191',
      }),
    ]);
    const r = await findSuggestions(
      {
        code_commune: '79191',
        besoins: [{ thematique: 'famille--garde-denfants', priorite: 1 }],
        mobilite: { mode: 'voiture' },
        acces_numerique: true,
      },
      engine,
      { today: TODAY },
    );
    const ids = r.suggestions.map((s) => s.id);
    expect(ids).toContain('autre-creche');
    expect(ids.filter((id) => id.endsWith('--creche'))).toHaveLength(1);
    const kept = ids.find((id) => id.endsWith('--creche'))!;
    expect(r.par_besoin['famille--garde-denfants']).toContain(kept);
    expect(
      Object.values(r.par_besoin)
        .flat()
        .filter((id) => id?.endsWith('--creche')),
    ).toEqual([kept]);
  });
});
