// The same site on a real Meilisearch (MEILI_URL set): the index is filled at start-up when empty,
// the search page behaves as on the embedded engine, and the master key never reaches a browser.
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningSite } from '../support/site-server.ts';
import { openPage, screenshot, seriousViolations } from './browser.ts';
import type { Seeded } from './seed.ts';
import { openSeededSite, type SeededSite } from './seeded-site.ts';

let site: RunningSite;
let context: BrowserContext;
let seeded: Seeded;
const masterKey = inject('meiliMasterKey');

let opened: SeededSite | undefined;
beforeAll(async () => {
  opened = await openSeededSite({
    browser: true,
    env: {
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: masterKey,
      MEILI_INDEX: `site-browser-${randomBytes(4).toString('hex')}`,
    },
  });
  ({ site, seeded, context } = opened);
});

afterAll(async () => {
  await opened?.close();
});

describe('annuaire on Meilisearch', () => {
  it('reports the engine and has indexed the store at start-up', async () => {
    const health = (await (await fetch(`${site.url}/api/sante`)).json()) as {
      moteur: string;
      offres: number;
    };
    expect(health).toMatchObject({ moteur: 'meilisearch', offres: seeded.offerCount });
  });

  it('searches as you type, with facets, commune and radius, like the embedded engine', async () => {
    const w = await openPage(context);
    const pages: string[] = [];
    w.page.on('response', async (r) => {
      if ((r.headers()['content-type'] ?? '').match(/html|json|javascript/))
        pages.push(await r.text().catch(() => ''));
    });
    await w.page.goto(site.url);
    await w.page.locator('#q').pressSequentially('chantier insertion', { delay: 20 });
    await w.page.waitForURL(/q=chantier/);
    const api = (await (await fetch(`${site.url}/api/offres${new URL(w.page.url()).search}`)).json()) as {
      total: number;
      hits: { nom: string }[];
    };
    expect(api.total).toBeGreaterThan(0);
    await expect
      .poll(() => w.page.locator('#resultats .fr-card__title a').allTextContents())
      .toEqual(api.hits.map((h) => h.nom));
    // Synonyms and typos are Meilisearch's: « ACI » finds the chantiers d'insertion too.
    const aci = (await (await fetch(`${site.url}/api/offres?q=ACI`)).json()) as { hits: { nom: string }[] };
    expect(aci.hits.some((h) => /chantier/i.test(h.nom))).toBe(true);

    await w.page.goto(`${site.url}/?commune=79191&rayon=15&tri=distance`);
    const near = (await (
      await fetch(`${site.url}/api/offres?commune=79191&rayon=15&tri=distance`)
    ).json()) as {
      hits: { distance_km: number | null; modes_accueil?: string[] }[];
    };
    for (const h of near.hits)
      expect(h.distance_km === null || h.distance_km <= 15 || h.modes_accueil?.includes('a-distance')).toBe(
        true,
      );
    await expect.poll(() => w.page.locator('#carte .leaflet-marker-icon').count()).toBeGreaterThan(0);
    await w.page.locator('label[for="f-frais-gratuit"]').click();
    await w.page.waitForURL(/frais=gratuit/);
    await screenshot(w.page, 'annuaire-meilisearch');
    expect(await seriousViolations(w.page)).toEqual([]);
    // The master key is a server secret: in no page, script or JSON the browser received.
    expect(pages.length).toBeGreaterThan(3);
    for (const body of pages) expect(body).not.toContain(masterKey);
  });
});
