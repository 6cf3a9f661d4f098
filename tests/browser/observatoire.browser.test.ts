// The observatoire in real Chromium: the coordinator's GET form → map, summary, sortable table, CSV;
// the same page without JavaScript is a plain table; GET /api/couverture answers the JSON.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSite } from '../support/site-server.ts';
import { newContext, openPage, screenshot, seriousViolations } from './browser.ts';
import { openSeededSite, type SeededSite } from './seeded-site.ts';

let site: RunningSite;
let browser: Browser;
let context: BrowserContext;
let opened: SeededSite | undefined;
beforeAll(async () => {
  opened = await openSeededSite({ browser: true });
  ({ site, browser, context } = opened);
});
afterAll(async () => {
  await opened?.close();
});

const QUERY = 'departement=79&besoin=famille--garde-denfants&mode=transports-en-commun';

describe('observatoire', () => {
  it('GET /api/couverture gives every commune and the synthesis; bad parameters are 400 in French', async () => {
    const res = await fetch(`${site.url}/api/couverture?${QUERY}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      communes: {
        code: string;
        nom: string;
        population: number;
        offres_accessibles: number;
        offres_a_distance: number;
        plus_proche_km: number | null;
      }[];
      synthese: {
        population: number;
        population_sans_offre: number;
        part_sans_offre: number;
        par_epci: { code: string }[];
      };
    };
    expect(body.communes.length).toBe(252);
    const niort = body.communes.find((c) => c.code === '79191');
    expect(niort).toMatchObject({
      nom: 'Niort',
      offres_accessibles: expect.any(Number),
      offres_a_distance: expect.any(Number),
    });
    expect(niort?.offres_accessibles).toBeGreaterThan(0);
    expect(body.synthese.population_sans_offre).toBeGreaterThan(0);
    expect(body.synthese.part_sans_offre).toBeCloseTo(
      body.synthese.population_sans_offre / body.synthese.population,
      3,
    );
    expect(body.synthese.par_epci.length).toBeGreaterThan(5);

    const bad = await fetch(`${site.url}/api/couverture?departement=79&besoin=garde&mode=trottinette`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      erreur: 'Paramètres invalides',
      details: ['besoin inconnu : « garde »'],
    });
    const none = await fetch(`${site.url}/api/couverture?besoin=famille`);
    expect(none.status).toBe(400);
  });

  it('exports a CSV safe for spreadsheets', async () => {
    const res = await fetch(`${site.url}/api/couverture?${QUERY}&format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('couverture-79-famille--garde-denfants');
    const text = await res.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'code_insee;commune;epci;departement;population;offres_accessibles;offres_a_distance;plus_proche_km;besoin;mode',
    );
    expect(lines).toHaveLength(253);
    expect(lines.find((l) => l.startsWith('79191;Niort;'))).toBeDefined();
    // no cell may start a formula
    for (const line of lines) for (const cell of line.split(';')) expect(cell).not.toMatch(/^[=+@-]/);
  });

  it('shows the map, the summary and a sortable table; each commune links to a search from it; axe clean', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/observatoire`);
    expect(await seriousViolations(w.page)).toEqual([]);
    await w.page.locator('#departement').selectOption('79');
    await w.page.locator('#besoin').selectOption('famille--garde-denfants');
    await w.page.locator('#mode').selectOption('transports-en-commun');
    await w.page.getByRole('button', { name: 'Afficher la couverture' }).click();
    await w.page.waitForURL(/besoin=famille--garde-denfants/);
    expect(w.page.url()).toContain('departement=79');
    await expect.poll(() => w.page.locator('#synthese').textContent()).toMatch(/de la population/);
    expect(await w.page.locator('svg[role="img"] circle').count()).toBe(252);
    // default order: most populous first
    expect(await w.page.locator('#tableau tbody tr th a').first().textContent()).toBe('Niort');
    await screenshot(w.page, 'observatoire-79-garde');
    expect(await seriousViolations(w.page)).toEqual([]);

    // sort by offers, fewest first: the uncovered communes come first
    await w.page.locator('#tableau thead th a', { hasText: 'Offres accessibles' }).click();
    await w.page.locator('#tableau thead th a', { hasText: 'Offres accessibles' }).click();
    await w.page.waitForURL(/tri=offres&ordre=asc/);
    expect(await w.page.locator('#tableau th[aria-sort="ascending"]').textContent()).toContain(
      'Offres accessibles',
    );
    expect(await w.page.locator('#tableau tbody tr td:nth-child(3)').first().textContent()).toBe('0');

    // a commune's link is a search of what is reachable from it
    const link = w.page.locator('#tableau tbody tr[data-code="79191"] th a');
    expect(await link.getAttribute('href')).toBe(
      '/?commune=79191&rayon=15&thematiques=famille--garde-denfants&a_distance=exclure&tri=distance',
    );
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('works without JavaScript as a table, from a shared URL', async () => {
    const noJs = await newContext(browser, { javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await page.goto(`${site.url}/observatoire?${QUERY}&epci=200041317&tri=nom&ordre=asc`);
      expect(await page.locator('#epci').inputValue()).toBe('200041317');
      const names = await page.locator('#tableau tbody tr th a').allTextContents();
      expect(names.length).toBeGreaterThan(30);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));
      expect(await page.locator('#par-epci tbody tr').count()).toBe(1);
      // (axe needs JavaScript: the same markup is checked with it in the test above)
      await screenshot(page, 'observatoire-sans-js');
    } finally {
      await noJs.close();
    }
  });
});
