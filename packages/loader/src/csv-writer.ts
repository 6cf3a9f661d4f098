// CSV we write (exports, template): UTF-8, header = field names, lists joined with `|`,
// booleans oui/non, and every formula-looking cell neutralised with a leading `'`. What partners
// download (template, allowed values) is `;`-separated with a BOM: French Excel opens it in columns.
import {
  frenchDate,
  labelOf,
  OFFER_FIELDS,
  type Offer,
  type OfferField,
  offerFieldMeta,
  VOCABULARIES,
  type VocabularyField,
} from '@spie/core';
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

/** Byte order mark: tells Excel the file is UTF-8 (without it, accents are read as Windows-1252). */
export const BOM = '\uFEFF';
const FRENCH_CSV = { delimiter: ';', record_delimiter: '\r\n' } as const;

/** The example row's cells, dates written the French way (as the partner's Excel will show them). */
function exampleCell(field: OfferField): string {
  if (field === 'description') return DESCRIPTION_EXAMPLE;
  const example = offerFieldMeta(field).example ?? '';
  return field.startsWith('date_') ? frenchDate(example) : neutralize(example);
}

/**
 * The template: `;`-separated, UTF-8 with BOM, a header of field names and one example row built
 * from each field's `example` (the example id is refused on upload, so it is never published).
 */
export function templateCsv(): string {
  return BOM + stringify([[...TEMPLATE_FIELDS], TEMPLATE_FIELDS.map(exampleCell)], FRENCH_CSV);
}

/** Every allowed value of every coded column with its French label (the template's companion). */
export function allowedValues(): { colonne: string; code: string; libelle: string }[] {
  const rows: { colonne: string; code: string; libelle: string }[] = [];
  for (const field of Object.keys(VOCABULARIES) as VocabularyField[]) {
    const values: readonly string[] = VOCABULARIES[field];
    for (const code of values)
      rows.push({
        colonne: field,
        code,
        libelle: field === 'reseaux_porteurs' ? labelOf(code, 'reseaux_porteurs') : labelOf(code),
      });
  }
  return rows;
}

/** `allowedValues()` as a French CSV (`;`, BOM): colonne;code;libellé. */
export function allowedValuesCsv(): string {
  const rows = allowedValues().map((r) => [r.colonne, r.code, neutralize(r.libelle)]);
  return BOM + stringify([['colonne', 'code', 'libellé'], ...rows], FRENCH_CSV);
}
