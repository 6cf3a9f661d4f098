// The offer (a data·inclusion v1 service, flattened with its structure) and the structure models.
// One source of truth: the CSV template, the validation report, the API and the types come from here.
import { z } from './french-errors.ts';
import {
  FRAIS_VALUES,
  MODE_ACCUEIL_VALUES,
  MODE_MOBILISATION_VALUES,
  PERSONNE_MOBILISATRICE_VALUES,
  PUBLIC_VALUES,
  RESEAU_PORTEUR_VALUES,
  THEMATIQUE_VALUES,
  TYPE_SERVICE_VALUES,
} from './vocabularies/index.ts';

/** Metadata carried by every field: French label (CSV header of our template), help and example. */
export type FieldMeta = {
  label: string;
  description: string;
  example?: string;
  /** `extension` = ours, not in data·inclusion v1; `structure` = joined from the structure. */
  origin: 'data-inclusion' | 'structure' | 'extension';
};
const meta = (m: FieldMeta) => m;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const dateSchema = z
  .string()
  .regex(ISO_DATE, { error: 'date attendue au format AAAA-MM-JJ (ex. 2025-03-31)' })
  .refine(isRealDate, { error: 'date inexistante' });

const enumList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.array(z.enum(values, { error: (iss) => `valeur inconnue pour ${what} : « ${String(iss.input)} »` }));

export const ZONE_CODE = /^(france|99100|\d{9}|[0-9AB]{5}|\d{2}|2A|2B|97\d)$/;
const zoneCode = z.string().regex(ZONE_CODE, {
  error: (iss) =>
    `code de zone invalide : « ${String(iss.input)} » (attendu : code INSEE de commune, SIREN d’EPCI, code de département ou « france »)`,
});

/**
 * A partner id: lower-case slug; data·inclusion sources publish as `data-inclusion:<source slug>`
 * (one partner per source, see the loader's data·inclusion sync).
 */
export const PARTNER_ID = /^(?:data-inclusion:)?[a-z0-9][a-z0-9-]{1,62}$/;

const text = (max: number) => z.string().trim().min(1).max(max);
const url = z.url({ protocol: /^https?$/, error: 'adresse web invalide (attendu : https://…)' }).max(2083);
const phone = z.string().regex(/^(\+33|0)[1-9](?:[ .-]?\d{2}){4}$|^\+\d{6,15}$/, {
  error: 'numéro de téléphone invalide (attendu : 01 23 45 67 89 ou +33123456789)',
});
const email = z.email({ error: 'adresse électronique invalide' }).max(254);

export const OfferSchema = z
  .object({
    id: z
      .string()
      .regex(/^[\w.:@-]{1,120}$/, {
        error:
          'identifiant invalide : lettres, chiffres, « - », « _ », « . », « : » sans espace, 120 caractères au plus',
      })
      .meta(
        meta({
          label: 'Identifiant',
          description: 'Identifiant unique de l’offre chez le partenaire',
          example: 'ml-niort-garantie-jeunes',
          origin: 'data-inclusion',
        }),
      ),
    structure_id: text(120).meta(
      meta({
        label: 'Identifiant de la structure',
        description: 'Identifiant de la structure qui porte l’offre',
        example: 'ml-niort',
        origin: 'data-inclusion',
      }),
    ),
    source: text(120)
      .optional()
      .meta(
        meta({
          label: 'Source',
          description: 'Producteur de la donnée (par défaut : le partenaire)',
          origin: 'data-inclusion',
        }),
      ),
    nom: z
      .string()
      .trim()
      .min(3, { error: 'le nom doit faire entre 3 et 150 caractères' })
      .max(150, { error: 'le nom doit faire entre 3 et 150 caractères' })
      .refine((s) => !s.endsWith('.'), { error: 'le nom ne doit pas se terminer par un point' })
      .meta(
        meta({
          label: 'Nom',
          description: 'Nom de l’offre, entre 3 et 150 caractères, sans point final',
          example: 'Accompagnement vers le permis B',
          origin: 'data-inclusion',
        }),
      ),
    description: text(2000).meta(
      meta({
        label: 'Description',
        description: 'Description de l’offre (50 à 2 000 caractères conseillés)',
        origin: 'data-inclusion',
      }),
    ),
    lien_source: url.optional().meta(
      meta({
        label: 'Lien source',
        description: 'Page de l’offre chez le producteur',
        origin: 'data-inclusion',
      }),
    ),
    date_maj: dateSchema.meta(
      meta({
        label: 'Date de mise à jour',
        description: 'Date de dernière modification (AAAA-MM-JJ)',
        example: '2026-10-01',
        origin: 'data-inclusion',
      }),
    ),
    type: z
      .enum(TYPE_SERVICE_VALUES, { error: (iss) => `type de service inconnu : « ${String(iss.input)} »` })
      .optional()
      .meta(
        meta({
          label: 'Type',
          description: 'Type de service',
          example: 'accompagnement',
          origin: 'data-inclusion',
        }),
      ),
    thematiques: enumList(THEMATIQUE_VALUES, 'thématiques')
      .min(1, { error: 'au moins une thématique est attendue' })
      .meta(
        meta({
          label: 'Thématiques',
          description: 'Besoins couverts (categorie--besoin), séparés par |',
          example: 'mobilite--preparer-un-permis',
          origin: 'data-inclusion',
        }),
      ),
    frais: z
      .enum(FRAIS_VALUES, { error: (iss) => `frais inconnus : « ${String(iss.input)} » (gratuit ou payant)` })
      .optional()
      .meta(
        meta({
          label: 'Frais',
          description: 'gratuit ou payant',
          example: 'gratuit',
          origin: 'data-inclusion',
        }),
      ),
    frais_precisions: text(1000)
      .optional()
      .meta(
        meta({
          label: 'Précisions sur les frais',
          description: 'Montant, conditions de gratuité…',
          origin: 'data-inclusion',
        }),
      ),
    publics: enumList(PUBLIC_VALUES, 'publics')
      .optional()
      .meta(
        meta({
          label: 'Publics',
          description: 'Publics visés, séparés par |',
          example: 'jeunes|demandeurs-emploi',
          origin: 'data-inclusion',
        }),
      ),
    publics_precisions: text(1000)
      .optional()
      .meta(
        meta({
          label: 'Précisions sur les publics',
          description: 'Précisions sur les publics visés',
          origin: 'data-inclusion',
        }),
      ),
    conditions_acces: text(1000)
      .optional()
      .meta(
        meta({
          label: 'Conditions d’accès',
          description: 'Prérequis ou justificatifs',
          origin: 'data-inclusion',
        }),
      ),
    commune: text(150)
      .optional()
      .meta(
        meta({
          label: 'Commune',
          description: 'Nom de la commune du lieu d’accueil',
          example: 'Niort',
          origin: 'data-inclusion',
        }),
      ),
    code_postal: z
      .string()
      .regex(/^\d{5}$/, { error: 'code postal invalide (5 chiffres)' })
      .optional()
      .meta(
        meta({
          label: 'Code postal',
          description: 'Code postal du lieu d’accueil',
          example: '79000',
          origin: 'data-inclusion',
        }),
      ),
    code_insee: z
      .string()
      .regex(/^[0-9][0-9AB]\d{3}$/, { error: 'code INSEE invalide (5 caractères, ex. 79191 ou 2A004)' })
      .optional()
      .meta(
        meta({
          label: 'Code INSEE',
          description: 'Code INSEE de la commune du lieu d’accueil',
          example: '79191',
          origin: 'data-inclusion',
        }),
      ),
    adresse: text(300)
      .optional()
      .meta(
        meta({
          label: 'Adresse',
          description: 'Numéro et voie',
          example: '12 rue de la Gare',
          origin: 'data-inclusion',
        }),
      ),
    complement_adresse: text(300)
      .optional()
      .meta(
        meta({ label: 'Complément d’adresse', description: 'Bâtiment, étage…', origin: 'data-inclusion' }),
      ),
    latitude: z
      .number()
      .min(-90)
      .max(90)
      .optional()
      .meta(
        meta({
          label: 'Latitude',
          description: 'Latitude WGS84 (degrés décimaux, point décimal)',
          example: '46.3237',
          origin: 'data-inclusion',
        }),
      ),
    longitude: z
      .number()
      .min(-180)
      .max(180)
      .optional()
      .meta(
        meta({
          label: 'Longitude',
          description: 'Longitude WGS84 (degrés décimaux, point décimal)',
          example: '-0.4588',
          origin: 'data-inclusion',
        }),
      ),
    telephone: phone.optional().meta(
      meta({
        label: 'Téléphone',
        description: 'Un seul numéro',
        example: '05 49 00 00 00',
        origin: 'data-inclusion',
      }),
    ),
    courriel: email.optional().meta(
      meta({
        label: 'Courriel',
        description: 'Adresse électronique de contact',
        example: 'contact@exemple.fr',
        origin: 'data-inclusion',
      }),
    ),
    contact_nom_prenom: text(150)
      .optional()
      .meta(meta({ label: 'Contact', description: 'Nom et prénom du contact', origin: 'data-inclusion' })),
    modes_accueil: enumList(MODE_ACCUEIL_VALUES, 'modes d’accueil')
      .optional()
      .meta(
        meta({
          label: 'Modes d’accueil',
          description: 'en-presentiel et/ou a-distance, séparés par |',
          example: 'en-presentiel',
          origin: 'data-inclusion',
        }),
      ),
    zone_eligibilite: z
      .array(zoneCode)
      .optional()
      .meta(
        meta({
          label: 'Zone d’éligibilité',
          description:
            'Codes INSEE de communes, SIREN d’EPCI, codes de départements ou « france », séparés par | ; vide = sans restriction',
          example: '79',
          origin: 'data-inclusion',
        }),
      ),
    lien_mobilisation: url.optional().meta(
      meta({
        label: 'Lien de mobilisation',
        description: 'Lien pour mobiliser l’offre',
        origin: 'data-inclusion',
      }),
    ),
    modes_mobilisation: enumList(MODE_MOBILISATION_VALUES, 'modes de mobilisation')
      .optional()
      .meta(
        meta({
          label: 'Modes de mobilisation',
          description: 'Comment mobiliser l’offre, séparés par |',
          example: 'telephoner|envoyer-un-courriel',
          origin: 'data-inclusion',
        }),
      ),
    mobilisable_par: enumList(PERSONNE_MOBILISATRICE_VALUES, 'personnes mobilisatrices')
      .optional()
      .meta(
        meta({
          label: 'Mobilisable par',
          description: 'usagers et/ou professionnels, séparés par |',
          example: 'professionnels',
          origin: 'data-inclusion',
        }),
      ),
    mobilisation_precisions: text(1000)
      .optional()
      .meta(
        meta({
          label: 'Précisions sur la mobilisation',
          description: 'Démarche à suivre',
          origin: 'data-inclusion',
        }),
      ),
    volume_horaire_hebdomadaire: z
      .number()
      .min(0)
      .max(168)
      .optional()
      .meta(
        meta({
          label: 'Volume horaire hebdomadaire',
          description: 'Heures par semaine',
          example: '20',
          origin: 'data-inclusion',
        }),
      ),
    nombre_semaines: z
      .number()
      .int()
      .min(1)
      .max(520)
      .optional()
      .meta(
        meta({
          label: 'Nombre de semaines',
          description: 'Durée en semaines',
          example: '12',
          origin: 'data-inclusion',
        }),
      ),
    horaires_accueil: text(500)
      .optional()
      .meta(
        meta({
          label: 'Horaires d’accueil',
          description: 'Format OpenStreetMap opening_hours',
          example: 'Mo-Fr 09:00-12:30,13:30-17:00',
          origin: 'data-inclusion',
        }),
      ),
    // Joined from the structure
    structure_nom: text(150)
      .optional()
      .meta(
        meta({
          label: 'Nom de la structure',
          description: 'Nom de la structure qui porte l’offre',
          example: 'Mission locale du Niortais',
          origin: 'structure',
        }),
      ),
    structure_siret: z
      .string()
      .regex(/^\d{14}$/, { error: 'SIRET invalide (14 chiffres)' })
      .optional()
      .meta(meta({ label: 'SIRET de la structure', description: '14 chiffres', origin: 'structure' })),
    reseaux_porteurs: enumList(RESEAU_PORTEUR_VALUES, 'réseaux porteurs')
      .optional()
      .meta(
        meta({
          label: 'Réseaux porteurs',
          description: 'Réseaux de la structure, séparés par |',
          example: 'mission-locale',
          origin: 'structure',
        }),
      ),
    // Insertion extensions
    places_disponibles: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .meta(
        meta({
          label: 'Places disponibles',
          description: 'Nombre de places encore disponibles (0 = complet)',
          example: '4',
          origin: 'extension',
        }),
      ),
    date_debut: dateSchema.optional().meta(
      meta({
        label: 'Date de début',
        description: 'Début de la prochaine session (AAAA-MM-JJ)',
        example: '2026-12-01',
        origin: 'extension',
      }),
    ),
    date_fin: dateSchema.optional().meta(
      meta({
        label: 'Date de fin',
        description: 'Fin de la session ou de l’offre (AAAA-MM-JJ)',
        example: '2027-06-30',
        origin: 'extension',
      }),
    ),
    date_suspension: dateSchema.optional().meta(
      meta({
        label: 'Date de suspension',
        description: 'À partir de cette date, l’offre est suspendue',
        origin: 'extension',
      }),
    ),
    age_min: z
      .number()
      .int()
      .min(0)
      .max(120)
      .optional()
      .meta(
        meta({
          label: 'Âge minimum',
          description: 'Âge minimum en années',
          example: '16',
          origin: 'extension',
        }),
      ),
    age_max: z
      .number()
      .int()
      .min(0)
      .max(120)
      .optional()
      .meta(
        meta({
          label: 'Âge maximum',
          description: 'Âge maximum en années',
          example: '25',
          origin: 'extension',
        }),
      ),
    eligibilite_iae_requise: z
      .boolean()
      .optional()
      .meta(
        meta({
          label: 'Éligibilité IAE requise',
          description: 'oui si l’offre exige l’éligibilité à l’insertion par l’activité économique',
          example: 'non',
          origin: 'extension',
        }),
      ),
    partenaire: z
      .string()
      .regex(PARTNER_ID)
      .optional()
      .meta(
        meta({
          label: 'Partenaire',
          description: 'Identifiant du partenaire qui publie (rempli à la publication)',
          origin: 'extension',
        }),
      ),
  })
  .superRefine((o, ctx) => {
    if (o.age_min !== undefined && o.age_max !== undefined && o.age_min > o.age_max)
      ctx.addIssue({
        code: 'custom',
        path: ['age_max'],
        message: `l’âge maximum (${o.age_max}) est inférieur à l’âge minimum (${o.age_min})`,
      });
    if (o.date_debut && o.date_fin && o.date_debut > o.date_fin)
      ctx.addIssue({
        code: 'custom',
        path: ['date_fin'],
        message: `la date de fin (${o.date_fin}) précède la date de début (${o.date_debut})`,
      });
    if ((o.latitude === undefined) !== (o.longitude === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [o.latitude === undefined ? 'latitude' : 'longitude'],
        message: 'latitude et longitude vont ensemble',
      });
  });

export type Offer = z.infer<typeof OfferSchema>;
export type OfferField = keyof Offer;
export const OFFER_FIELDS = Object.keys(OfferSchema.shape) as OfferField[];
/** Position of each field in schema order (the order of the canonical JSON and of zod's output). */
export const OFFER_FIELD_INDEX: ReadonlyMap<string, number> = new Map(OFFER_FIELDS.map((f, i) => [f, i]));

/** Field metadata (label, description, example, origin) in schema order. */
export function offerFieldMeta(field: OfferField): FieldMeta {
  return OfferSchema.shape[field].meta() as unknown as FieldMeta;
}

/** Fields whose CSV cell is a `|`-separated list. */
export const OFFER_LIST_FIELDS = OFFER_FIELDS.filter((f) => {
  const schema = OfferSchema.shape[f];
  const inner = schema.def.type === 'optional' ? (schema.def as { innerType: z.ZodType }).innerType : schema;
  return inner.def.type === 'array';
});

export const StructureSchema = z.object({
  id: text(120),
  source: text(120).optional(),
  nom: text(150),
  description: text(2000).optional(),
  date_maj: dateSchema.optional(),
  siret: z
    .string()
    .regex(/^\d{14}$/, { error: 'SIRET invalide (14 chiffres)' })
    .optional(),
  adresse: text(300).optional(),
  complement_adresse: text(300).optional(),
  code_postal: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  code_insee: z
    .string()
    .regex(/^[0-9][0-9AB]\d{3}$/)
    .optional(),
  commune: text(150).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  telephone: z.string().optional(),
  courriel: z.string().optional(),
  site_web: z.string().optional(),
  horaires_accueil: z.string().optional(),
  accessibilite_lieu: z.string().optional(),
  reseaux_porteurs: enumList(RESEAU_PORTEUR_VALUES, 'réseaux porteurs').optional(),
});
export type Structure = z.infer<typeof StructureSchema>;

/** Is the offer delivered remotely (and only remotely)? */
export const isRemoteOnly = (o: Pick<Offer, 'modes_accueil'>) =>
  !!o.modes_accueil?.includes('a-distance') && !o.modes_accueil.includes('en-presentiel');
export const isRemote = (o: Pick<Offer, 'modes_accueil'>) => !!o.modes_accueil?.includes('a-distance');
