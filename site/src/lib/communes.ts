// Commune input as people type it: an INSEE code, a postal code, « Nom (code) » as the autocomplete
// fills it, or a name. Resolved against the territory table; never guessed beyond an exact name.
import {
  type Commune,
  type CommuneResolution,
  resolveCommune as resolve,
  searchCommunes,
} from '@spie/territory';

export { communeChoiceLabel, communeProblem } from '@spie/territory';

export const communeLabel = (c: Commune) => `${c.nom} (${c.code})`;

/** The commune when the input names exactly one (callers that cannot ask back). */
export function resolveCommune(input: string): Commune | undefined {
  const r = resolve(input);
  return r.kind === 'found' ? r.commune : undefined;
}

export function resolveCommuneInput(input: string): CommuneResolution {
  return resolve(input);
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
