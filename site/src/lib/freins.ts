// Freins (obstacles a référent ticks, from the carnet de bord référentiel) and the besoins they
// suggest, from the core mapping. Proposed besoins get priority 2 by default; the référent adjusts.
import { CONTRAINTES, FREINS, proposeBesoins } from '@spie/core';

export const DEFAULT_PROPOSED_PRIORITY = 2;

export interface FreinOption {
  value: string;
  label: string;
  thematiques: readonly string[];
}

export interface FreinGroup {
  value: string;
  label: string;
  freins: FreinOption[];
}

/** France Travail's contraintes, each with its carnet de bord situations. */
export function freinGroups(): FreinGroup[] {
  const groups = new Map<string, FreinGroup>();
  for (const c of CONTRAINTES) groups.set(c.value, { value: c.value, label: c.label, freins: [] });
  for (const f of FREINS) {
    if (f.thematiques.length === 0) continue; // resources and statuses, not obstacles
    const key = f.contrainte ?? `theme:${f.theme}`;
    if (!groups.has(key)) groups.set(key, { value: key, label: f.themeLabel, freins: [] });
    groups.get(key)!.freins.push({ value: f.value, label: f.label, thematiques: f.thematiques });
  }
  return [...groups.values()]
    .filter((g) => g.freins.length > 0)
    .map((g) => ({ ...g, freins: byDuration(g.freins) }));
}

/** « Plus d'1 an », « Plus de 2 ans », « Plus de 10 ans »: durations in time order, the others in place. */
function byDuration(freins: FreinOption[]): FreinOption[] {
  const months = (label: string) => {
    const m = /(\d+)\s*(ans?|mois)\b/.exec(label);
    return m ? Number(m[1]) * (m[2] === 'mois' ? 1 : 12) : undefined;
  };
  const slots = freins.flatMap((f, i) => (months(f.label) === undefined ? [] : [i]));
  const sorted = slots.map((i) => freins[i]!).sort((a, b) => months(a.label)! - months(b.label)!);
  const out = [...freins];
  slots.forEach((slot, k) => {
    out[slot] = sorted[k]!;
  });
  return out;
}

export const proposedBesoins = (freins: readonly string[]) =>
  proposeBesoins(freins).map((thematique) => ({ thematique, priorite: DEFAULT_PROPOSED_PRIORITY }));

export const proposalsByFrein = (): Record<string, string[]> =>
  Object.fromEntries(
    FREINS.filter((f) => f.thematiques.length > 0).map((f) => [f.value, [...f.thematiques]]),
  );
