// What a référent enters about a person: the public contract of the matching engine and of POST /api/suggestions.
// Personal data: never stored, never logged.
import { z } from './french-errors.ts';
import { SITUATION_VALUES } from './situations.ts';
import { THEMATIQUE_OU_CATEGORIE_VALUES } from './vocabularies/index.ts';

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
        z.object({
          thematique: z.enum(THEMATIQUE_OU_CATEGORIE_VALUES, {
            error: (iss) => `thématique inconnue : « ${String(iss.input)} »`,
          }),
          priorite: z.union([z.literal(1), z.literal(2), z.literal(3)], {
            error: 'priorité attendue : 1, 2 ou 3',
          }),
        }),
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
      if (seen.has(b.thematique))
        ctx.addIssue({
          code: 'custom',
          path: ['besoins', i, 'thematique'],
          message: `besoin en double : ${b.thematique}`,
        });
      seen.add(b.thematique);
    });
  });

export type Diagnostic = z.infer<typeof DiagnosticSchema>;
export type DiagnosticInput = z.input<typeof DiagnosticSchema>;
export type Besoin = Diagnostic['besoins'][number];
