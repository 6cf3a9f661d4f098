// CSV we write (exports, template): UTF-8, `,`, header = field names, lists joined with `|`,
// booleans oui/non, and every formula-looking cell neutralised with a leading `'`.
import { OFFER_FIELDS, type Offer, type OfferField, offerFieldMeta } from '@spie/core';
import { stringify } from 'csv-stringify/sync';
import { FIELD_KINDS, neutralize } from './cells.ts';

function cellOf(field: OfferField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return neutralize(value.join('|'));
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return String(value);
  return FIELD_KINDS.get(field) === 'number' ? String(value) : neutralize(String(value));
}

/** Offers as our CSV (the `partenaire` column is left out: it is set by the store). */
export function offersToCsv(
  offers: Iterable<Offer>,
  fields: readonly OfferField[] = TEMPLATE_FIELDS,
): string {
  const rows: string[][] = [[...fields]];
  for (const o of offers) rows.push(fields.map((f) => cellOf(f, o[f])));
  return stringify(rows, { record_delimiter: '\r\n' });
}

export const TEMPLATE_FIELDS: readonly OfferField[] = OFFER_FIELDS.filter((f) => f !== 'partenaire');

const DESCRIPTION_EXAMPLE =
  'Accompagnement individuel et collectif pour préparer le code et la conduite, avec aide au financement du permis B.';

/** The template: header of field names and one example row built from each field's `example`. */
export function templateCsv(): string {
  const example = TEMPLATE_FIELDS.map((f) =>
    f === 'description' ? DESCRIPTION_EXAMPLE : neutralize(offerFieldMeta(f).example ?? ''),
  );
  return stringify([[...TEMPLATE_FIELDS], example], { record_delimiter: '\r\n' });
}
