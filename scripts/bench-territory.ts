// Territory lookups and autocomplete. Reference in the same run: a naive search that normalises
// every name at query time (what the precomputed keys avoid) and a plain Map.get.
import { readFileSync } from 'node:fs';
import {
  normalizeName,
  parseTable,
  type SerializedTable,
  Territory,
} from '../packages/territory/src/index.ts';

const time = (fn: () => void, iterations: number): number => {
  for (let i = 0; i < Math.min(iterations, 20); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
};

let start = performance.now();
const raw = JSON.parse(
  readFileSync(new URL('../data/reference/communes.json', import.meta.url), 'utf8'),
) as SerializedTable;
const jsonMs = performance.now() - start;
start = performance.now();
const table = parseTable(raw);
const parseMs = performance.now() - start;
start = performance.now();
const territory = new Territory(table);
const buildMs = performance.now() - start;
console.error(`loaded ${territory.communes.length} communes`);

const codes = territory.communes.map((c) => c.code);
const plainMap = new Map(codes.map((c, i) => [c, i]));
let k = 0;
const lookupNs = time(() => territory.getCommune(codes[k++ % codes.length] as string), 200_000) * 1e6;
const mapNs = time(() => plainMap.get(codes[k++ % codes.length] as string), 200_000) * 1e6;

const naiveSearch = (text: string, limit: number) => {
  const q = normalizeName(text);
  return territory.communes
    .filter((c) => normalizeName(c.nom).startsWith(q))
    .sort((a, b) => b.population - a.population)
    .slice(0, limit);
};

const queries = ['Niort', 'saint', 'sa', 'Ézy', 'st etienne', 'bourg', '79000', '2A0'];
const rows = queries.map((q) => {
  const ms = time(() => territory.searchCommunes(q, 10), 200);
  const naiveMs = time(() => naiveSearch(q, 10), 10);
  return `| \`${q}\` | ${ms.toFixed(3)} | ${naiveMs.toFixed(2)} | ${(naiveMs / ms).toFixed(0)}× |`;
});
const nearMs = time(() => territory.communesNear({ latitude: 46.32, longitude: -0.46 }, 30), 500);

console.log(
  [
    `Table: ${territory.communes.length} communes. Load: JSON.parse ${jsonMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms, indexes ${buildMs.toFixed(0)} ms.`,
    '',
    `getCommune: ${lookupNs.toFixed(0)} ns/op (reference: plain Map.get ${mapNs.toFixed(0)} ns/op).`,
    '',
    `communesNear(Niort, 30 km): ${nearMs.toFixed(3)} ms/op.`,
    '',
    '| searchCommunes query | ms/op | naive scan ms/op (reference) | speed-up |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n'),
);
