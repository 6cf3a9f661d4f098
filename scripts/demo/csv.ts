// Offers → CSV rows with the shared conventions: header = OFFER_FIELDS, lists joined with `|`,
// booleans oui/non, `.` decimals, ISO dates, empty cell for a missing value.
import { OFFER_FIELDS, type Offer } from '@spie/core';

export const CSV_HEADER: readonly string[] = OFFER_FIELDS;

export function offerToCells(offer: Offer): string[] {
  return OFFER_FIELDS.map((field) => {
    const value = offer[field];
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.join('|');
    if (typeof value === 'boolean') return value ? 'oui' : 'non';
    return String(value);
  });
}

/** RFC 4180 quoting, for the national stream where csv-stringify's per-call overhead dominates. */
export const csvLine = (cells: readonly string[]): string =>
  `${cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\n`;
