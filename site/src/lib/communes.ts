// Commune input as people type it: an INSEE code, a postal code, « Nom (code) » as the autocomplete
// fills it, or a name. Resolved against the territory table; never guessed beyond an exact name.
import {
  type Commune,
  communesByPostalCode,
  getCommune,
  normalizeName,
  searchCommunes,
} from '@spie/territory';

const INSEE = /^[0-9][0-9AB]\d{3}$/;
const POSTAL = /^\d{5}$/;
const LABELLED = /\(([0-9][0-9AB]\d{3})\)\s*$/;

export const communeLabel = (c: Commune) => `${c.nom} (${c.code})`;

export function resolveCommune(input: string): Commune | undefined {
  const text = input.trim();
  if (!text || text.length > 120) return undefined;
  const labelled = LABELLED.exec(text);
  if (labelled) return getCommune(labelled[1]!);
  if (INSEE.test(text)) {
    const byCode = getCommune(text);
    if (byCode) return byCode;
  }
  if (POSTAL.test(text)) return communesByPostalCode(text)[0];
  const wanted = normalizeName(text);
  return searchCommunes(text, 10).find((c) => normalizeName(c.nom) === wanted);
}

/** Autocomplete entries, bounded. */
export function communeSuggestions(text: string, limit = 8) {
  const q = text.trim().slice(0, 80);
  if (q.length < 2) return [];
  return searchCommunes(q, Math.min(limit, 20)).map((c) => ({
    code: c.code,
    nom: c.nom,
    codesPostaux: c.codesPostaux.slice(0, 3),
    departement: c.departement,
    label: communeLabel(c),
  }));
}
