// Deterministic, realistic offers for the contract suite and the benchmark (same seed → same offers).
// Real communes (with their EPCI and département for zones), insertion jargon in names and
// descriptions, remote offers with and without a point, every facet field populated.
import {
  FRAIS_VALUES,
  type Offer,
  PUBLIC_VALUES,
  RESEAU_PORTEUR_VALUES,
  THEMATIQUE_VALUES,
  TYPE_SERVICE_VALUES,
} from '@spie/core';
import { type Commune, listCommunes } from '@spie/territory';

/** mulberry32: small, fast, good enough for fixtures */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES: Record<string, string[]> = {
  'trouver-un-emploi': [
    'Atelier chantier d’insertion {secteur}',
    'Chantier d’insertion {secteur}',
    'Entreprise d’insertion {secteur}',
    'Association intermédiaire : missions de travail',
    'Accompagnement vers l’emploi durable',
    'Parrainage vers l’emploi',
    'Job dating {secteur}',
  ],
  mobilite: [
    'Aide au permis de conduire',
    'Auto-école sociale',
    'Location de vélos à petit prix',
    'Garage solidaire',
    'Plateforme mobilité',
    'Transport à la demande pour l’emploi',
  ],
  numerique: [
    'Ateliers numériques pour débutants',
    'Initiation à l’informatique',
    'Accès libre ordinateur et internet',
    'Préparation à la certification PIX',
    'Aidants Connect : démarches en ligne',
  ],
  'preparer-sa-candidature': [
    'Atelier CV et lettre de motivation',
    'Préparer son entretien d’embauche',
    'Club de recherche d’emploi',
  ],
  'se-former': [
    'Formation qualifiante {secteur}',
    'École de la deuxième chance',
    'Parcours EPIDE',
    'GEIQ {secteur}',
  ],
  'lecture-ecriture-calcul': [
    'Cours de français langue étrangère',
    'Atelier savoirs de base',
    'Lutte contre l’illettrisme',
  ],
  famille: [
    'Crèche à vocation d’insertion professionnelle',
    'Garde d’enfants en horaires décalés',
    'Relais assistantes maternelles',
  ],
  'logement-hebergement': [
    'Foyer jeunes travailleurs',
    'Accompagnement à l’accès au logement',
    'Hébergement d’urgence',
  ],
  'difficultes-financieres': [
    'Point conseil budget',
    'Prévention du surendettement',
    'Microcrédit personnel',
  ],
  'equipement-et-alimentation': [
    'Épicerie solidaire',
    'Distribution de colis alimentaires',
    'Vestiaire solidaire',
  ],
  sante: ['Permanence d’accès aux soins de santé', 'Accompagnement dossier MDPH', 'Soutien psychologique'],
  remobilisation: [
    'Atelier de remobilisation',
    'Activités sportives et lien social',
    'Réinsertion par la culture',
  ],
  'difficultes-administratives-ou-juridiques': [
    'Accès aux droits : RSA, CAF, CSS',
    'Permanence juridique gratuite',
  ],
  'choisir-un-metier': ['Immersion en entreprise (PMSMP)', 'Découverte des métiers {secteur}'],
  'creer-une-entreprise': ['Accompagnement à la création d’entreprise', 'Couveuse d’entreprises'],
  'souvrir-a-linternational': ['Mobilité internationale des jeunes'],
};
const SECTEURS = [
  'espaces verts',
  'bâtiment',
  'maraîchage',
  'recyclerie',
  'restauration',
  'logistique',
  'propreté',
  'services à la personne',
];
const STRUCTURES = [
  'Mission locale',
  'CCAS',
  'Association Tremplin',
  'Régie de quartier',
  'Emmaüs',
  'Croix-Rouge',
  'PLIE',
  'Maison de l’emploi',
  'Centre social',
  'Secours populaire',
];
const PHRASES = [
  'Accompagnement individuel par un conseiller en insertion professionnelle.',
  'Réservé aux bénéficiaires du RSA et aux demandeurs d’emploi de longue durée.',
  'Les ateliers ont lieu chaque semaine en petit groupe.',
  'Orientation par France Travail, la Mission locale ou le référent RSA.',
  'Contrat à durée déterminée d’insertion de 4 à 24 mois, 26 heures par semaine.',
  'Aide à la levée des freins périphériques : mobilité, garde d’enfants, logement.',
  'Prise en charge possible des frais de transport.',
  'Sans condition de diplôme, débutants bienvenus.',
  'Une réinsertion durable grâce à un suivi personnalisé.',
  'Public jeune de 16 à 25 ans, notamment en contrat d’engagement jeune.',
  'Accès à un ordinateur et accompagnement aux démarches en ligne.',
  'Préparation au code de la route et leçons de conduite à tarif solidaire.',
];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const some = <T>(r: () => number, list: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(r() * max);
  return [...new Set(Array.from({ length: n }, () => pick(r, list)))];
};

export interface FixtureOptions {
  count: number;
  seed?: number;
  /** number of partners (ids `partenaire-1`…) */
  partners?: number;
  /** restrict communes to these départements (dense local fixtures for geo tests) */
  departements?: string[];
}

export function generateOffers({ count, seed = 42, partners = 8, departements }: FixtureOptions): Offer[] {
  const r = prng(seed);
  const communes: Commune[] = listCommunes().filter(
    (c) => !departements || departements.includes(c.departement),
  );
  // weight towards populated communes, as real offers are
  const weighted = communes.filter((c) => c.population > 2000);
  const offers: Offer[] = [];
  for (let i = 0; i < count; i++) {
    const category = pick(r, Object.keys(NAMES));
    const besoins = THEMATIQUE_VALUES.filter((t) => t.startsWith(`${category}--`));
    const thematiques = [
      ...new Set([...some(r, besoins, 2), ...(r() < 0.2 ? [pick(r, THEMATIQUE_VALUES)] : [])]),
    ];
    const commune = r() < 0.8 && weighted.length ? pick(r, weighted) : pick(r, communes);
    const secteur = pick(r, SECTEURS);
    const nom = pick(r, NAMES[category]!).replace('{secteur}', secteur);
    const structure = `${pick(r, STRUCTURES)} de ${commune.nom}`;
    const remoteDraw = r();
    const modes_accueil: Offer['modes_accueil'] =
      remoteDraw < 0.1
        ? ['a-distance']
        : remoteDraw < 0.2
          ? ['en-presentiel', 'a-distance']
          : ['en-presentiel'];
    const located = !(modes_accueil.length === 1 && modes_accueil[0] === 'a-distance' && r() < 0.5);
    const zoneDraw = r();
    const zone_eligibilite =
      zoneDraw < 0.35
        ? undefined
        : zoneDraw < 0.55
          ? [commune.code]
          : zoneDraw < 0.7 && commune.epci
            ? [commune.epci]
            : zoneDraw < 0.95
              ? [commune.departement]
              : ['france'];
    const publicsDraw = r();
    const publics: Offer['publics'] =
      publicsDraw < 0.15
        ? ['tous-publics']
        : publicsDraw < 0.25
          ? undefined
          : some(
              r,
              PUBLIC_VALUES.filter((p) => p !== 'tous-publics'),
              3,
            );
    const description = [
      `${nom} proposé par ${structure} (${commune.nom}).`,
      ...some(r, PHRASES, 4),
      `Secteur : ${secteur}.`,
    ].join(' ');
    const offer: Offer = {
      id: `offre-${seed}-${String(i).padStart(6, '0')}`,
      structure_id: `structure-${Math.floor(i / 3)}`,
      nom,
      description,
      date_maj: '2026-10-01',
      type: pick(r, TYPE_SERVICE_VALUES),
      thematiques: thematiques as Offer['thematiques'],
      frais: r() < 0.9 ? pick(r, FRAIS_VALUES) : undefined,
      publics,
      modes_accueil,
      commune: commune.nom,
      code_insee: commune.code,
      code_postal: commune.codesPostaux[0],
      structure_nom: structure,
      reseaux_porteurs: r() < 0.7 ? some(r, RESEAU_PORTEUR_VALUES, 2) : undefined,
      zone_eligibilite,
      partenaire: `partenaire-${1 + Math.floor(r() * partners)}`,
    };
    if (located) {
      // a few hundred metres around the commune centre
      offer.latitude = Math.round((commune.latitude + (r() - 0.5) * 0.02) * 1e6) / 1e6;
      offer.longitude = Math.round((commune.longitude + (r() - 0.5) * 0.03) * 1e6) / 1e6;
    }
    for (const k of Object.keys(offer) as (keyof Offer)[]) if (offer[k] === undefined) delete offer[k];
    offers.push(offer);
  }
  return offers;
}
