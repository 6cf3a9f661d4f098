// French text analysis for the embedded engine: accent folding, tokenizing, stop words and a light
// plural folding. Meilisearch does the same folding itself (charabia); plurals there come from typo
// tolerance, here from suffix folding, so "ateliers" finds "atelier" on both.
import { FRENCH_STOP_WORDS } from './stop-words.ts';
import { SYNONYM_GROUPS } from './synonyms.ts';

const STOP = new Set(FRENCH_STOP_WORDS.map((w) => fold(w)));

/** Lower case, no diacritics, œ/æ expanded. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** Light French plural folding: "ateliers" → "atelier", "bureaux" → "bureau"; short words untouched. */
export function stem(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  if (word.endsWith('eaux')) return word.slice(0, -1);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Words of a text, folded, without stop words (apostrophes and hyphens separate words). */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !STOP.has(w));
}

/** Index terms: folded words, stop words dropped, plurals folded. */
export function terms(text: string): string[] {
  return words(text).map(stem);
}

/** Synonym groups as term sequences, keyed by the joined terms of each phrase. */
export interface SynonymIndex {
  /** joined phrase terms → index of its group */
  byPhrase: Map<string, number>;
  /** group index → every phrase of the group as terms */
  groups: string[][][];
  /** longest phrase in terms, to bound n-gram lookups */
  maxLength: number;
}

export function synonymIndex(groups: readonly (readonly string[])[] = SYNONYM_GROUPS): SynonymIndex {
  const byPhrase = new Map<string, number>();
  const termGroups = groups.map((g) => g.map((p) => terms(p)).filter((t) => t.length > 0));
  let maxLength = 1;
  termGroups.forEach((g, i) => {
    for (const phrase of g) {
      byPhrase.set(phrase.join(' '), i);
      maxLength = Math.max(maxLength, phrase.length);
    }
  });
  return { byPhrase, groups: termGroups, maxLength };
}

/** A query word (or a multi-word synonym phrase) and the phrases that can stand for it. */
export interface QueryGroup {
  /** what the user typed, as terms */
  typed: string[];
  /** synonym phrases (terms), excluding `typed` */
  synonyms: string[][];
}

/** Splits a query into groups, longest synonym phrase first (as Meilisearch does with n-grams). */
export function queryGroups(q: string, synonyms: SynonymIndex): QueryGroup[] {
  const t = terms(q);
  const out: QueryGroup[] = [];
  let i = 0;
  while (i < t.length) {
    let matched = false;
    for (let len = Math.min(synonyms.maxLength, t.length - i); len >= 1; len--) {
      const typed = t.slice(i, i + len);
      const key = typed.join(' ');
      const group = synonyms.byPhrase.get(key);
      if (group !== undefined) {
        const phrases = synonyms.groups[group] ?? [];
        out.push({ typed, synonyms: phrases.filter((p) => p.join(' ') !== key) });
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) {
      out.push({ typed: [t[i] as string], synonyms: [] });
      i += 1;
    }
  }
  return out;
}
