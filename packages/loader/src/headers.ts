// Header matching: a column is recognised by its data·inclusion field name or by the French label of
// our template (both from the zod schema), whatever the case, accents, spacing and punctuation.
import { OFFER_FIELDS, type OfferField, offerFieldMeta } from '@spie/core';

/** "Conditions d’accès" → "conditionsdacces"; "code_postal" → "codepostal". */
export function normalizeHeader(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const aliases = new Map<string, OfferField>();
for (const field of OFFER_FIELDS) {
  aliases.set(normalizeHeader(field), field);
  aliases.set(normalizeHeader(offerFieldMeta(field).label), field);
}

export function fieldOfHeader(header: string): OfferField | undefined {
  return aliases.get(normalizeHeader(header));
}

export interface ColumnMapping {
  /** For each column index, the field it feeds (undefined: unknown or duplicate column). */
  fields: (OfferField | undefined)[];
  /** Header as the partner wrote it, by field. */
  headerOf: Map<OfferField, string>;
  unknown: { index: number; header: string }[];
  duplicates: { index: number; header: string; field: OfferField }[];
}

export function mapColumns(headers: readonly string[]): ColumnMapping {
  const fields: (OfferField | undefined)[] = [];
  const headerOf = new Map<OfferField, string>();
  const unknown: ColumnMapping['unknown'] = [];
  const duplicates: ColumnMapping['duplicates'] = [];
  headers.forEach((header, index) => {
    const field = fieldOfHeader(header);
    if (!field) {
      fields.push(undefined);
      if (header.trim() !== '') unknown.push({ index, header });
      return;
    }
    if (headerOf.has(field)) {
      fields.push(undefined);
      duplicates.push({ index, header, field });
      return;
    }
    headerOf.set(field, header);
    fields.push(field);
  });
  return { fields, headerOf, unknown, duplicates };
}

/** Spreadsheet column letter (0 → A, 26 → AA), to help partners find a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
