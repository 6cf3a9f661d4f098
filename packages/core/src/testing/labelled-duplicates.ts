// A labelled set for measuring duplicate clusters: services as local partners and data·inclusion
// sources publish them, with each copy of a service carrying the noise seen between sources
// (abbreviations, accents and case, « Chantier d’insertion » vs « ACI », moved by up to 50 m,
// phone formats, address spellings, missing SIRET or coordinates, thématiques subsets), and hard
// negatives: other services of the same structure on the same thématique, services of the same
// name by other structures in the same commune, the same service in the next commune.
// Deterministic (seeded); `truth` gives each offer's real service.
import type { Offer } from '../offer.ts';

export interface LabelledSet {
  offers: Offer[];
  /** offer id → id of the real service it describes */
  truth: Map<string, string>;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kind {
  structure: string;
  structureShort: string[];
  reseau: string;
  services: { nom: string[]; thematiques: string[] }[];
}

// Each service lists equivalent names as different sources write them.
const KINDS: Kind[] = [
  {
    structure: 'Mission locale',
    structureShort: ['Mission Locale', 'MISSION LOCALE', 'ML'],
    reseau: 'mission-locale',
    services: [
      {
        nom: [
          'Aide au financement du permis B',
          'Aide financement permis B',
          'Aide au financement du permis de conduire B',
          'AIDE AU FINANCEMENT DU PERMIS B',
        ],
        thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
      },
      {
        nom: [
          "Contrat d'engagement jeune",
          'Contrat d’engagement jeune (CEJ)',
          'CEJ',
          'Contrat engagement jeunes',
        ],
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
        ],
      },
      {
        nom: ['Atelier code de la route', 'Atelier Code de la Route', 'Ateliers code de la route'],
        thematiques: ['mobilite--preparer-un-permis'],
      },
      {
        nom: ['Information logement jeunes', 'Info logement jeunes', 'Information logement des jeunes'],
        thematiques: ['logement-hebergement--louer-un-logement'],
      },
    ],
  },
  {
    structure: "Atelier chantier d'insertion",
    structureShort: ['ACI', "Chantier d'insertion", 'Atelier Chantier d’Insertion'],
    reseau: 'aci',
    services: [
      {
        nom: [
          "Chantier d'insertion espaces verts",
          'ACI Espaces Verts',
          'Chantier d’insertion - espaces verts',
          'ACI espaces verts',
        ],
        thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi'],
      },
      {
        nom: [
          "Chantier d'insertion maraîchage bio",
          'ACI Maraîchage biologique',
          'Chantier insertion maraichage bio',
        ],
        thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi'],
      },
      {
        nom: [
          "Chantier d'insertion bâtiment second œuvre",
          'ACI Bâtiment second oeuvre',
          'Chantier d’insertion batiment',
        ],
        thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi'],
      },
    ],
  },
  {
    structure: "Centre communal d'action sociale",
    structureShort: ['CCAS', 'C.C.A.S.', 'Centre Communal d’Action Sociale (CCAS)'],
    reseau: 'ccas-cias',
    services: [
      {
        nom: [
          'Domiciliation administrative',
          'Domiciliation',
          'Domiciliation administrative des personnes sans domicile',
        ],
        thematiques: [
          'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
        ],
      },
      {
        nom: [
          "Aide alimentaire d'urgence",
          'Aide alimentaire d’urgence',
          'Aides alimentaires urgence',
          'AIDE ALIMENTAIRE D URGENCE',
        ],
        thematiques: ['equipement-et-alimentation--alimentation'],
      },
      {
        nom: [
          'Accompagnement aux démarches administratives',
          'Accompagnement démarches administratives',
          'Aide aux démarches administratives',
        ],
        thematiques: [
          'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
        ],
      },
    ],
  },
  {
    structure: 'Plateforme mobilité',
    structureShort: ['Plateforme Mobilité', 'Plateforme de mobilité', 'PLATEFORME MOBILITE'],
    reseau: 'wimoov',
    services: [
      {
        nom: ['Bilan de compétences mobilité', 'Bilan mobilité', 'Bilan compétences mobilité'],
        thematiques: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'],
      },
      {
        nom: [
          'Location solidaire de scooters',
          'Location de scooters solidaire',
          'Location solidaire scooter',
        ],
        thematiques: ['mobilite--acceder-a-un-vehicule'],
      },
      {
        nom: ['Microcrédit pour acheter un véhicule', 'Micro-crédit achat véhicule', 'Microcredit vehicule'],
        thematiques: [
          'mobilite--acceder-a-un-vehicule',
          'difficultes-financieres--acquerir-une-autonomie-budgetaire',
        ],
      },
    ],
  },
  {
    structure: 'France Travail',
    structureShort: ['France Travail', 'FRANCE TRAVAIL', 'Agence France Travail'],
    reseau: 'france-travail',
    services: [
      {
        nom: [
          'Atelier CV et lettre de motivation',
          'Atelier CV & lettre de motivation',
          'Atelier curriculum vitae et lettre de motivation',
        ],
        thematiques: ['preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'],
      },
      {
        nom: [
          "Atelier Réussir son entretien d'embauche",
          'Réussir son entretien d’embauche',
          'Atelier reussir son entretien embauche',
        ],
        thematiques: ['trouver-un-emploi--convaincre-un-recruteur-en-entretien'],
      },
    ],
  },
];

const COMMUNES = [
  { commune: 'Niort', code_postal: '79000', code_insee: '79191', latitude: 46.3237, longitude: -0.4588 },
  { commune: 'Melle', code_postal: '79500', code_insee: '79174', latitude: 46.2225, longitude: -0.1422 },
  { commune: 'Bressuire', code_postal: '79300', code_insee: '79049', latitude: 46.8406, longitude: -0.4886 },
  { commune: 'Amiens', code_postal: '80000', code_insee: '80021', latitude: 49.8942, longitude: 2.2957 },
  { commune: 'Bourges', code_postal: '18000', code_insee: '18033', latitude: 47.0833, longitude: 2.4 },
  { commune: 'Strasbourg', code_postal: '67000', code_insee: '67482', latitude: 48.5833, longitude: 7.75 },
  {
    commune: 'Évry-Courcouronnes',
    code_postal: '91000',
    code_insee: '91228',
    latitude: 48.6294,
    longitude: 2.4407,
  },
  {
    commune: 'Saint-Maixent-l’École',
    code_postal: '79400',
    code_insee: '79270',
    latitude: 46.4128,
    longitude: -0.2075,
  },
];
const STREETS = [
  ['rue', 'r.', 'Rue'],
  ['avenue', 'av.', 'Avenue'],
  ['place', 'pl.', 'Place'],
  ['boulevard', 'bd', 'Bd'],
];
const STREET_NAMES = [
  'de la Gare',
  'Victor Hugo',
  'Jean Jaurès',
  'du Château',
  'de l’Ancien Musée',
  'Gambetta',
  'des Quatre Chênes',
  'Pasteur',
  'de la République',
];

function accentsOff(s: string) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function phoneVariants(digits: string): string[] {
  const pairs = digits.match(/../g)!;
  return [
    pairs.join(' '),
    digits,
    pairs.join('.'),
    `+33 ${digits[1]} ${pairs.slice(1).join(' ')}`,
    `+33${digits.slice(1)}`,
  ];
}

/**
 * `services` real services (each published 1 to 4 times), in `structures` structures.
 * At the default sizes, about half the services have copies.
 */
export function labelledDuplicates(
  options: {
    services?: number;
    seed?: number /** spread over this many communes (benchmarks) */;
    communes?: number;
  } = {},
): LabelledSet {
  const random = rng(options.seed ?? 17);
  const communes = [...COMMUNES];
  // synthetic communes over metropolitan France, for national-scale runs
  for (let i = communes.length; i < (options.communes ?? 0); i++)
    communes.push({
      commune: `Commune ${i}`,
      code_postal: String(10_000 + i).slice(0, 5),
      code_insee: `${String(10 + (i % 85)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`,
      latitude: 43 + random() * 7,
      longitude: -1 + random() * 8,
    });
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const wanted = options.services ?? 600;
  const offers: Offer[] = [];
  const truth = new Map<string, string>();
  const sources = ['dora', 'soliguide', 'mes-aides', 'france-travail', 'site'];
  let structureNo = 0;
  let serviceNo = 0;
  while (serviceNo < wanted) {
    // one structure: a kind, a commune (structures of one kind repeat in a commune: hard negatives)
    const kind = pick(KINDS);
    const place = communes[Math.floor(random() * communes.length)]!;
    structureNo++;
    const siret = String(10_000_000_000_000 + Math.floor(random() * 89_999_999_999_999)).slice(0, 14);
    const phone = `0${1 + Math.floor(random() * 5)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    const street = pick(STREETS);
    const streetName = pick(STREET_NAMES);
    const number = 1 + Math.floor(random() * 80);
    // structures spread over the commune (several km), so two structures rarely share a point
    const lat = place.latitude + (random() - 0.5) * 0.04;
    const lon = place.longitude + (random() - 0.5) * 0.05;
    const structureName = `${kind.structure} ${place.commune}${random() < 0.3 ? ` ${structureNo}` : ''}`;
    // a structure publishes 1 to 3 of its kind's services (same thématique for ACIs: hard negatives)
    const services = [...kind.services].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 3));
    for (const service of services) {
      if (serviceNo >= wanted) break;
      serviceNo++;
      const realId = `service-${serviceNo}`;
      const copies = random() < 0.5 ? 1 : 2 + Math.floor(random() * 3);
      const usedSources = [...sources].sort(() => random() - 0.5);
      for (let c = 0; c < copies; c++) {
        const source = usedSources[c % usedSources.length]!;
        const clean = c === 0;
        let nom = clean ? service.nom[0]! : pick(service.nom);
        if (!clean && random() < 0.3) nom = accentsOff(nom);
        if (!clean && random() < 0.15) nom = nom.toUpperCase();
        const sname = clean
          ? structureName
          : `${pick(kind.structureShort)} ${random() < 0.3 ? accentsOff(place.commune) : place.commune}`;
        // moved by up to 50 m
        const dLat = clean ? 0 : ((random() - 0.5) * 2 * 35) / 111_000;
        const dLon = clean ? 0 : ((random() - 0.5) * 2 * 35) / (111_000 * Math.cos((lat * Math.PI) / 180));
        const located = clean || random() < 0.85;
        const thematiques =
          clean || service.thematiques.length === 1 || random() < 0.5
            ? service.thematiques
            : [service.thematiques[Math.floor(random() * service.thematiques.length)]!];
        const id = `${source}--${realId}-${c}`;
        const offer: Offer = {
          id,
          structure_id: `${source}--structure-${structureNo}`,
          source,
          nom,
          description: `${service.nom[0]} proposé par ${structureName}.`,
          date_maj: `2026-${String(1 + Math.floor(random() * 11)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
          type: 'accompagnement',
          thematiques,
          publics: ['tous-publics'],
          commune: place.commune,
          code_postal: place.code_postal,
          code_insee: place.code_insee,
          adresse: `${number} ${clean ? street[0] : pick(street)} ${streetName}`,
          ...(located ? { latitude: lat + dLat, longitude: lon + dLon } : {}),
          telephone: clean ? phoneVariants(phone)[0]! : pick(phoneVariants(phone)),
          modes_accueil: ['en-presentiel'],
          structure_nom: sname,
          ...(clean || random() < 0.6 ? { structure_siret: siret } : {}),
          reseaux_porteurs: [kind.reseau as NonNullable<Offer['reseaux_porteurs']>[number]],
          partenaire: source === 'site' ? `partenaire-${structureNo}` : `data-inclusion:${source}`,
        } as Offer;
        offers.push(offer);
        truth.set(id, realId);
      }
    }
  }
  return { offers, truth };
}

/** Pairwise precision and recall of clusters against the truth. */
export function pairwiseScores(
  clusters: readonly { members: readonly string[] }[],
  truth: ReadonlyMap<string, string>,
): { precision: number; recall: number; truePairs: number; foundPairs: number } {
  const pairs = (members: readonly string[]) => {
    const out: [string, string][] = [];
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) out.push([members[i]!, members[j]!]);
    return out;
  };
  let found = 0;
  let correct = 0;
  for (const c of clusters)
    for (const [a, b] of pairs(c.members)) {
      found++;
      if (truth.get(a) === truth.get(b)) correct++;
    }
  const byService = new Map<string, string[]>();
  for (const [id, real] of truth) {
    const list = byService.get(real) ?? [];
    list.push(id);
    byService.set(real, list);
  }
  let truePairs = 0;
  for (const list of byService.values()) truePairs += (list.length * (list.length - 1)) / 2;
  return {
    precision: found === 0 ? 1 : correct / found,
    recall: truePairs === 0 ? 1 : correct / truePairs,
    truePairs,
    foundPairs: found,
  };
}
