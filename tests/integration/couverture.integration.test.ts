// The observatoire on the demo data: each commune's figures are what the matching gives a person
// living there (same rules, through findSuggestions and the search engine); the CLI prints the same
// JSON; the demo territories' known gaps are named.
import { spawnSync } from 'node:child_process';
import { haversineKm, type Offer, type Public } from '@spie/core';
import { CoverageIndex, type CoverageResult, EmbeddedSearchEngine, findSuggestions } from '@spie/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAvailable, publishDemo } from '../fixtures/diagnostics/demo-store.ts';

const repo = new URL('../../', import.meta.url).pathname;
const TODAY = '2026-11-27';
const GARDE = 'famille--garde-denfants';
let store: Awaited<ReturnType<typeof publishDemo>>;
let offers: Offer[];
let engine: EmbeddedSearchEngine;
let index: CoverageIndex;

beforeAll(async () => {
  store = await publishDemo();
  offers = store.offers;
  engine = new EmbeddedSearchEngine();
  await engine.replaceAll(offers);
  index = new CoverageIndex(offers, TODAY);
});
afterAll(() => store?.cleanup());

/** What the matching gives a person on the RSA living in `code` (publics: minima sociaux). */
async function matchingCounts(code: string, besoin: string, mode: string) {
  const r = await findSuggestions(
    {
      code_commune: code,
      situations: ['rsa'],
      besoins: [{ thematique: besoin, priorite: 1 }],
      mobilite: { mode },
      acces_numerique: true,
    },
    engine,
    { today: TODAY, includeUnlocated: true, config: { maxSuggestions: 1_000_000 } },
  );
  const covering = r.suggestions.filter((s) => s.besoins.includes(besoin as never));
  return {
    offres_accessibles: covering.filter((s) => !s.a_distance).length,
    offres_a_distance: covering.filter((s) => s.a_distance).length,
  };
}

/** A sample of communes: every uncovered one (up to 5) and covered ones spread over the list. */
function sample(r: CoverageResult, n: number) {
  const uncovered = r.communes.filter((c) => c.offres_accessibles === 0).slice(0, 5);
  const covered = r.communes.filter((c) => c.offres_accessibles > 0);
  const step = Math.max(1, Math.floor(covered.length / n));
  return [...uncovered, ...covered.filter((_, i) => i % step === 0).slice(0, n)];
}

describe.runIf(demoAvailable())('observatoire (couverture) on the demo data', () => {
  const publics: Public[] = ['beneficiaires-des-minimas-sociaux'];

  it.each([
    ['79', GARDE, 'transports-en-commun'],
    ['80', 'mobilite', 'a-pied'],
    ['91', 'famille', 'velo'],
  ])(
    'département %s, %s, %s: each commune counts what the search and matching return there',
    async (dep, besoin, mode) => {
      const r = index.compute({
        territoire: { type: 'departement', code: dep },
        besoin: besoin as never,
        mode: mode as never,
        publics,
      });
      expect(r.communes.length).toBeGreaterThan(100);
      const picked = sample(r, 8);
      expect(picked.some((c) => c.offres_accessibles > 0)).toBe(true);
      for (const c of picked) {
        const { code, offres_accessibles, offres_a_distance } = c;
        expect({ code, offres_accessibles, offres_a_distance }).toEqual({
          code,
          ...(await matchingCounts(code, besoin, mode)),
        });
      }
    },
  );

  it('names the known gaps of the demo territories', () => {
    const garde79 = index.compute({
      territoire: { type: 'departement', code: '79' },
      besoin: GARDE,
      mode: 'transports-en-commun',
    });
    // Childcare in the Deux-Sèvres by public transport (15 km): two communes of the Gâtine (Scillé,
    // Thénezay) and two in the south (Les Fosses, Villiers-en-Bois) are out of reach.
    const gaps79 = garde79.communes
      .filter((c) => c.offres_accessibles === 0)
      .map((c) => c.nom)
      .sort();
    expect(gaps79).toMatchInlineSnapshot(`
      [
        "Les Fosses",
        "Scillé",
        "Thénezay",
        "Villiers-en-Bois",
      ]
    `);
    expect(garde79.synthese.part_sans_offre).toBeLessThan(0.02);
    // Mobility offers in the Somme reach few villages on foot (3 km): most of the rural population
    // has none, while Amiens is covered.
    const mob80 = index.compute({
      territoire: { type: 'departement', code: '80' },
      besoin: 'mobilite',
      mode: 'a-pied',
    });
    expect(mob80.synthese.part_sans_offre).toBeGreaterThan(0.5);
    expect(mob80.communes.find((c) => c.code === '80021')?.offres_accessibles).toBeGreaterThan(0); // Amiens
    // A département without any demo partner has nothing at all, but national remote offers.
    const garde01 = index.compute({
      territoire: { type: 'departement', code: '01' },
      besoin: GARDE,
      mode: 'voiture',
    });
    expect(garde01.synthese.part_sans_offre).toBe(1);
    expect(garde01.communes.every((c) => c.plus_proche_km === null || c.plus_proche_km > 30)).toBe(true);
  });

  it('aggregates by EPCI and département, and "où ouvrir" counts the population newly within reach', () => {
    const r = index.compute({
      territoire: { type: 'departement', code: '80' },
      besoin: 'mobilite',
      mode: 'a-pied',
    });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(r.synthese.par_epci.map((e) => e.population))).toBe(r.synthese.population);
    expect(sum(r.synthese.par_epci.map((e) => e.population_sans_offre))).toBe(
      r.synthese.population_sans_offre,
    );
    expect(r.synthese.par_departement).toEqual([
      expect.objectContaining({ code: '80', population: r.synthese.population }),
    ]);
    const best = r.ou_ouvrir[0];
    expect(best).toBeDefined();
    // recomputed by hand: uncovered communes whose centre is within 3 km of the best site
    const site = r.communes.find((c) => c.code === best?.code)!;
    const within = r.communes.filter(
      (c) => c.offres_accessibles === 0 && c.population > 0 && haversineKm(site, c) <= r.budget_km,
    );
    expect(best?.population_nouvellement_couverte).toBe(sum(within.map((c) => c.population)));
    for (const o of r.ou_ouvrir.slice(1))
      expect(o.population_nouvellement_couverte).toBeLessThanOrEqual(best!.population_nouvellement_couverte);
  });

  it('an EPCI is its member communes', () => {
    const r = index.compute({ territoire: { type: 'epci', code: '200041317' }, besoin: GARDE, mode: 'velo' });
    expect(r.territoire.nom).toMatch(/Niortais/);
    expect(r.communes.length).toBeGreaterThan(30);
    expect(r.communes.every((c) => c.epci === '200041317')).toBe(true);
  });

  it('pnpm cli couverture --json prints the same JSON; bad parameters get a French message', () => {
    const run = (...args: string[]) =>
      spawnSync('pnpm', ['exec', 'tsx', 'scripts/cli.ts', 'couverture', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: store.dir },
        maxBuffer: 32 * 1024 * 1024,
      });
    const ok = run(
      '--departement',
      '79',
      '--besoin',
      GARDE,
      '--mode',
      'transports-en-commun',
      '--date',
      TODAY,
      '--json',
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(
      JSON.parse(
        JSON.stringify(
          index.compute({
            territoire: { type: 'departement', code: '79' },
            besoin: GARDE,
            mode: 'transports-en-commun',
          }),
        ),
      ),
    );
    const bad = run('--departement', '79', '--besoin', 'garde', '--date', TODAY);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('besoin inconnu : « garde »');
  });
});
