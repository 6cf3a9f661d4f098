// What a référent enters about a person: the public contract of the matching engine and of POST /api/suggestions.
// Personal data: never stored, never logged.
import { z } from './french-errors.ts';
import { SITUATION_VALUES } from './situations.ts';
import { THEMATIQUE_OU_CATEGORIE_VALUES, type ThematiqueOuCategorie } from './vocabularies/index.ts';

export const MOBILITY_MODES = [
  { value: 'voiture', label: 'Voiture', defaultBudgetKm: 30 },
  { value: 'deux-roues', label: 'Deux-roues motorisé', defaultBudgetKm: 20 },
  { value: 'transports-en-commun', label: 'Transports en commun', defaultBudgetKm: 15 },
  { value: 'velo', label: 'Vélo', defaultBudgetKm: 8 },
  { value: 'a-pied', label: 'À pied', defaultBudgetKm: 3 },
  { value: 'aucun', label: 'Aucun moyen de déplacement', defaultBudgetKm: 2 },
] as const;
export type MobilityMode = (typeof MOBILITY_MODES)[number]['value'];
export const MOBILITY_MODE_VALUES = MOBILITY_MODES.map((m) => m.value) as unknown as [
  MobilityMode,
  ...MobilityMode[],
];

/** IAE dispositifs a besoin can name instead of a thématique (`iae` = any SIAE). */
export const DISPOSITIFS = [
  { value: 'iae', label: 'Insertion par l’activité économique (toute SIAE)' },
  { value: 'aci', label: 'Chantier d’insertion (ACI)' },
  { value: 'ei', label: 'Entreprise d’insertion (EI)' },
  { value: 'ai', label: 'Association intermédiaire (AI)' },
  { value: 'etti', label: 'Entreprise de travail temporaire d’insertion (ETTI)' },
  { value: 'eiti', label: 'Entreprise d’insertion par le travail indépendant (EITI)' },
] as const;
export type Dispositif = (typeof DISPOSITIFS)[number]['value'];
export const DISPOSITIF_VALUES = DISPOSITIFS.map((d) => d.value) as unknown as [Dispositif, ...Dispositif[]];
export const isDispositif = (v: string): v is Dispositif =>
  (DISPOSITIF_VALUES as readonly string[]).includes(v);
export const dispositifLabel = (d: Dispositif) => DISPOSITIFS.find((x) => x.value === d)?.label ?? d;

export const GENRES = [
  { value: 'femme', label: 'Femme' },
  { value: 'homme', label: 'Homme' },
] as const;
export type Genre = (typeof GENRES)[number]['value'];

export const DiagnosticSchema = z
  .object({
    code_commune: z
      .string()
      .regex(/^[0-9][0-9AB]\d{3}$/, { error: 'code INSEE de commune invalide' })
      .optional(),
    code_postal: z
      .string()
      .regex(/^\d{5}$/, { error: 'code postal invalide (5 chiffres)' })
      .optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    age: z.number().int().min(14).max(100).optional(),
    situations: z
      .array(z.enum(SITUATION_VALUES, { error: (iss) => `situation inconnue : « ${String(iss.input)} »` }))
      .max(SITUATION_VALUES.length)
      .default([]),
    besoins: z
      .array(
        // A besoin names either a thématique (or a whole category) or an IAE dispositif; exactly one.
        z
          .object({
            thematique: z
              .enum(THEMATIQUE_OU_CATEGORIE_VALUES, {
                error: (iss) => `thématique inconnue : « ${String(iss.input)} »`,
              })
              .optional(),
            dispositif: z
              .enum(DISPOSITIF_VALUES, {
                error: (iss) =>
                  `dispositif inconnu : « ${String(iss.input)} » (iae, aci, ei, ai, etti ou eiti)`,
              })
              .optional(),
            priorite: z.union([z.literal(1), z.literal(2), z.literal(3)], {
              error: 'priorité attendue : 1, 2 ou 3',
            }),
          })
          .strict(),
      )
      .min(1, { error: 'au moins un besoin est attendu' })
      .max(20),
    mobilite: z.object({
      mode: z.enum(MOBILITY_MODE_VALUES, {
        error: (iss) => `mode de déplacement inconnu : « ${String(iss.input)} »`,
      }),
      distance_max_km: z.number().positive().max(200).optional(),
    }),
    acces_numerique: z.boolean(),
    /** Not asked by default: absent means not given, never guessed. */
    genre: z.enum(['femme', 'homme'], { error: 'genre attendu : femme ou homme' }).optional(),
    /** One entry per child, age in whole years. */
    enfants: z
      .array(z.object({ age: z.number().int().min(0).max(25) }).strict())
      .max(20)
      .optional(),
    /**
     * The référent is an IAE prescripteur habilité (France Travail, mission locale, Cap emploi,
     * département, PLIE…): the level-1/level-2 grid then is a watch-out, not a hard rule.
     */
    prescripteur_habilite: z.boolean().default(true),
    /** The référent asks for remote offers: they are no longer ranked after in-person ones. */
    prefere_a_distance: z.boolean().optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const hasPoint = d.latitude !== undefined && d.longitude !== undefined;
    if ((d.latitude === undefined) !== (d.longitude === undefined))
      ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'latitude et longitude vont ensemble' });
    if (!d.code_commune && !d.code_postal && !hasPoint)
      ctx.addIssue({
        code: 'custom',
        path: ['code_commune'],
        message: 'un lieu est attendu : code_commune, code_postal ou latitude/longitude',
      });
    const seen = new Set<string>();
    d.besoins.forEach((b, i) => {
      if ((b.thematique === undefined) === (b.dispositif === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['besoins', i, 'thematique'],
          message: 'un besoin a soit une thématique, soit un dispositif',
        });
        return;
      }
      const key = needKey(b);
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['besoins', i, b.dispositif ? 'dispositif' : 'thematique'],
          message: `besoin en double : ${key}`,
        });
      seen.add(key);
    });
  });

export type Diagnostic = z.infer<typeof DiagnosticSchema>;
export type DiagnosticInput = z.input<typeof DiagnosticSchema>;
export type Besoin = Diagnostic['besoins'][number];
/** What names a need in the output: the thématique slug, or the dispositif string (`"aci"`…). */
export type NeedKey = ThematiqueOuCategorie | Dispositif;
export const needKey = (b: {
  thematique?: ThematiqueOuCategorie | undefined;
  dispositif?: Dispositif | undefined;
}): NeedKey => (b.dispositif ?? b.thematique) as NeedKey;
