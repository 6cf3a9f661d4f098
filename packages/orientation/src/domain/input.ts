// The fiche de liaison as the référent sends it (POST /api/orientations, the form). Only what the
// référent chose to pass on; the diagnostic itself never comes here.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const email = z.email({ error: 'adresse électronique invalide' }).max(254);
const phone = z
  .string()
  .trim()
  .regex(/^[+0-9 .()-]{6,25}$/, { error: 'numéro de téléphone invalide' });

export const CONTACT_PREFERENCES = ['telephone', 'courriel', 'referent'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];
export const CONTACT_LABELS: Readonly<Record<ContactPreference, string>> = {
  telephone: 'par téléphone',
  courriel: 'par courriel',
  referent: 'en passant par le référent',
};

export const OrientationInputSchema = z
  .object({
    offre_id: text(120),
    beneficiaire: z.object({
      prenom: text(100),
      nom: text(100),
      telephone: phone.optional().or(z.literal('').transform(() => undefined)),
      courriel: email.optional().or(z.literal('').transform(() => undefined)),
      contact_prefere: z.enum(CONTACT_PREFERENCES, { error: 'choisissez telephone, courriel ou referent' }),
    }),
    disponible_le: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date attendue au format AAAA-MM-JJ' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    message: optionalText(4000),
    referent: z.object({
      nom: text(150),
      courriel: email,
      structure: optionalText(150),
    }),
    besoins: z.array(text(100)).max(30).optional(),
    consentement: z.literal(true, {
      error:
        'Le référent doit s’engager à avoir informé la personne et obtenu son accord avant de l’orienter.',
    }),
    /** Lets a client retry a creation (timeout, crash) without creating it twice. */
    cle_idempotence: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,100}$/)
      .optional(),
  })
  .superRefine((v, ctx) => {
    const b = v.beneficiaire;
    if (b.contact_prefere === 'telephone' && !b.telephone)
      ctx.addIssue({
        code: 'custom',
        path: ['beneficiaire', 'telephone'],
        message: 'téléphone requis pour être contacté par téléphone',
      });
    if (b.contact_prefere === 'courriel' && !b.courriel)
      ctx.addIssue({
        code: 'custom',
        path: ['beneficiaire', 'courriel'],
        message: 'courriel requis pour être contacté par courriel',
      });
  });

export type OrientationInput = z.infer<typeof OrientationInputSchema>;

/** French messages naming fields, never values (values are personal data). */
export function inputErrors(error: z.ZodError): { champ: string; message: string }[] {
  return error.issues.map((i) => ({
    champ: i.path.join('.') || '(corps)',
    message: i.path.join('.') === 'consentement' ? String(i.message) : frenchMessage(i),
  }));
}

function frenchMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_type') return i.input === undefined ? 'champ requis' : 'type invalide';
  if (i.code === 'too_small') return 'champ requis';
  if (i.code === 'too_big') return `trop long (${String(i.maximum)} au plus)`;
  if (i.code === 'unrecognized_keys') return 'champ inconnu';
  return i.message;
}
