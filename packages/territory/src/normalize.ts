// Name normalisation shared by the table builder, the name matcher and the search index.
// "Saint-Étienne", "ST ETIENNE" and "saint etienne" all become "saint etienne".
const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

export function normalizeName(text: string): string {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
  return words.map((w) => ABBREVIATIONS[w] ?? w).join(' ');
}
