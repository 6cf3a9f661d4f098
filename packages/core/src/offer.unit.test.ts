import { describe, expect, it } from 'vitest';
import {
  isRemote,
  isRemoteOnly,
  OFFER_FIELDS,
  OFFER_LIST_FIELDS,
  type Offer,
  OfferSchema,
  offerFieldMeta,
  StructureSchema,
} from './index.ts';

const valid = {
  id: 'ml-niort-cej',
  structure_id: 'ml-niort',
  nom: 'Contrat d’engagement jeune',
  description:
    'Accompagnement intensif de 15 à 20 heures par semaine pendant 6 à 12 mois, avec une allocation.',
  date_maj: '2026-10-01',
  thematiques: ['preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi'],
} satisfies Partial<Offer>;

const issuesOf = (input: Record<string, unknown>) => {
  const r = OfferSchema.safeParse({ ...valid, ...input });
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const fieldsInError = (input: Record<string, unknown>) => issuesOf(input).map((i) => i.path);

describe('OfferSchema', () => {
  it('accepts a minimal offer and a complete one', () => {
    expect(issuesOf({})).toEqual([]);
    expect(
      issuesOf({
        type: 'accompagnement',
        frais: 'payant',
        publics: ['jeunes', 'femmes'],
        commune: 'Niort',
        code_postal: '79000',
        code_insee: '79191',
        latitude: 46.32,
        longitude: -0.46,
        telephone: '05 49 00 00 00',
        courriel: 'contact@ml-niort.example.org',
        lien_source: 'https://ml-niort.example.org/cej',
        modes_accueil: ['en-presentiel', 'a-distance'],
        zone_eligibilite: ['79191', '200041317', '79', 'france', '99100', '2A', '971'],
        volume_horaire_hebdomadaire: 17.5,
        nombre_semaines: 26,
        places_disponibles: 0,
        date_debut: '2026-12-01',
        date_fin: '2027-06-30',
        age_min: 16,
        age_max: 25,
        eligibilite_iae_requise: false,
        partenaire: 'ml-niort',
      }),
    ).toEqual([]);
  });

  it('rejects age_min greater than age_max, on age_max, with both values in French', () => {
    expect(issuesOf({ age_min: 30, age_max: 25 })).toEqual([
      { path: 'age_max', message: 'l’âge maximum (25) est inférieur à l’âge minimum (30)' },
    ]);
    expect(issuesOf({ age_min: 25, age_max: 25 })).toEqual([]);
  });

  it('rejects a session that ends before it starts, and impossible dates', () => {
    expect(fieldsInError({ date_debut: '2027-01-10', date_fin: '2027-01-09' })).toEqual(['date_fin']);
    expect(fieldsInError({ date_debut: '2027-01-10', date_fin: '2027-01-10' })).toEqual([]);
    expect(fieldsInError({ date_maj: '2026-02-30' })).toEqual(['date_maj']);
    expect(issuesOf({ date_debut: '01/12/2026' })[0]?.message).toMatch(/AAAA-MM-JJ/);
  });

  it('requires latitude and longitude together', () => {
    expect(fieldsInError({ latitude: 46.3 })).toEqual(['longitude']);
    expect(fieldsInError({ longitude: -0.4 })).toEqual(['latitude']);
    expect(fieldsInError({ latitude: 91, longitude: 0 })).toEqual(['latitude']);
  });

  it('rejects unknown vocabulary slugs, naming the value', () => {
    expect(issuesOf({ thematiques: ['mobilite--preparer-un-permi'] })[0]).toEqual({
      path: 'thematiques.0',
      message: 'valeur inconnue pour thématiques : « mobilite--preparer-un-permi »',
    });
    expect(fieldsInError({ thematiques: ['mobilite'] })).toEqual(['thematiques.0']); // a category is not a besoin
    expect(fieldsInError({ thematiques: [] })).toEqual(['thematiques']);
    expect(fieldsInError({ publics: ['jeunes', 'ados'] })).toEqual(['publics.1']);
    expect(fieldsInError({ type: 'coaching' })).toEqual(['type']);
    expect(fieldsInError({ frais: 'gratuite' })).toEqual(['frais']);
    expect(fieldsInError({ modes_accueil: ['sur-place'] })).toEqual(['modes_accueil.0']);
    expect(fieldsInError({ reseaux_porteurs: ['pole-emploi'] })).toEqual(['reseaux_porteurs.0']);
  });

  it('rejects bad zone codes', () => {
    for (const code of ['Niort', '7', '7919', '1234567890', 'FRANCE', '2C', '79 191']) {
      expect(fieldsInError({ zone_eligibilite: [code] }), code).toEqual(['zone_eligibilite.0']);
    }
    expect(issuesOf({ zone_eligibilite: ['Niort'] })[0]?.message).toContain(
      'code de zone invalide : « Niort »',
    );
  });

  it('rejects a name ending with a dot, too short or too long', () => {
    expect(issuesOf({ nom: 'Atelier CV.' })).toEqual([
      { path: 'nom', message: 'le nom ne doit pas se terminer par un point' },
    ]);
    expect(fieldsInError({ nom: 'CV' })).toEqual(['nom']);
    expect(fieldsInError({ nom: 'x'.repeat(151) })).toEqual(['nom']);
    expect(fieldsInError({ nom: 'Atelier CV…' })).toEqual([]);
  });

  it('rejects bad phones, e-mails and urls', () => {
    for (const telephone of ['05 49', '5 49 00 00 00', '05 49 00 00 00 00', 'téléphone', '00 49 00 00 00'])
      expect(fieldsInError({ telephone }), telephone).toEqual(['telephone']);
    for (const telephone of ['0549000000', '05.49.00.00.00', '+33549000000', '05-49-00-00-00'])
      expect(fieldsInError({ telephone }), telephone).toEqual([]);
    for (const courriel of ['contact', 'contact@', '@exemple.fr', 'a b@exemple.fr'])
      expect(fieldsInError({ courriel }), courriel).toEqual(['courriel']);
    for (const lien_source of ['exemple.fr', 'ftp://exemple.fr', 'javascript:alert(1)'])
      expect(fieldsInError({ lien_source }), lien_source).toEqual(['lien_source']);
  });

  it('rejects bad identifiers, codes and numbers', () => {
    expect(fieldsInError({ id: 'avec espace' })).toEqual(['id']);
    expect(fieldsInError({ code_postal: '7900' })).toEqual(['code_postal']);
    expect(fieldsInError({ code_insee: '7919A' })).toEqual(['code_insee']);
    expect(fieldsInError({ code_insee: '2A004' })).toEqual([]);
    expect(fieldsInError({ places_disponibles: -1 })).toEqual(['places_disponibles']);
    expect(fieldsInError({ places_disponibles: 1.5 })).toEqual(['places_disponibles']);
    expect(fieldsInError({ nombre_semaines: 0 })).toEqual(['nombre_semaines']);
    expect(fieldsInError({ volume_horaire_hebdomadaire: 169 })).toEqual(['volume_horaire_hebdomadaire']);
    expect(fieldsInError({ partenaire: 'Mission Locale' })).toEqual(['partenaire']);
  });

  it('requires id, structure_id, nom, description, date_maj and thematiques', () => {
    const r = OfferSchema.safeParse({});
    expect(r.success).toBe(false);
    expect(new Set(r.error!.issues.map((i) => i.path.join('.')))).toEqual(
      new Set(['id', 'structure_id', 'nom', 'description', 'date_maj', 'thematiques']),
    );
  });
});

describe('offer fields', () => {
  it('list data·inclusion fields first and the extensions, each with a French label', () => {
    expect(OFFER_FIELDS.slice(0, 4)).toEqual(['id', 'structure_id', 'source', 'nom']);
    for (const f of OFFER_FIELDS) expect(offerFieldMeta(f).label.length, f).toBeGreaterThan(2);
    const extensions = OFFER_FIELDS.filter((f) => offerFieldMeta(f).origin === 'extension');
    expect(extensions).toEqual([
      'places_disponibles',
      'date_debut',
      'date_fin',
      'date_suspension',
      'age_min',
      'age_max',
      'eligibilite_iae_requise',
      'partenaire',
    ]);
  });

  it('know which cells are |-separated lists', () => {
    expect([...OFFER_LIST_FIELDS].sort()).toEqual(
      [
        'thematiques',
        'publics',
        'modes_accueil',
        'zone_eligibilite',
        'modes_mobilisation',
        'mobilisable_par',
        'reseaux_porteurs',
      ].sort(),
    );
  });
});

describe('remote offers', () => {
  it('tell remote-only from hybrid and on-site', () => {
    expect(isRemoteOnly({ modes_accueil: ['a-distance'] })).toBe(true);
    expect(isRemoteOnly({ modes_accueil: ['a-distance', 'en-presentiel'] })).toBe(false);
    expect(isRemote({ modes_accueil: ['a-distance', 'en-presentiel'] })).toBe(true);
    expect(isRemote({ modes_accueil: ['en-presentiel'] })).toBe(false);
    expect(isRemote({})).toBe(false);
  });
});

describe('StructureSchema', () => {
  it('accepts a structure and rejects a bad SIRET', () => {
    expect(StructureSchema.safeParse({ id: 'ml-niort', nom: 'Mission locale du Niortais' }).success).toBe(
      true,
    );
    expect(StructureSchema.safeParse({ id: 'x', nom: 'X', siret: '123' }).success).toBe(false);
  });
});
