// The annuaire in real Chromium against the built site: live search, facets, commune + radius, map,
// offer page, back button, the no-JavaScript form, escaping of partner text, accessibility.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSite } from '../support/site-server.ts';
import { newContext, openPage, screenshot, seriousViolations, type WatchedPage } from './browser.ts';
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

type ApiResult = {
  total: number;
  hits: { id: string; nom: string; distance_km: number | null; modes_accueil?: string[] }[];
};
const api = async (search: string) =>
  (await (await fetch(`${site.url}/api/offres${search}`)).json()) as ApiResult;
const headingTotal = async (page: Page) => {
  const text = (await page.locator('#titre-resultats').textContent()) ?? '';
  return Number(/^([\d\s\u202f\u00a0]+) offre/.exec(text)?.[1]?.replace(/\D/g, '') ?? Number.NaN);
};
const resultNames = (page: Page) => page.locator('#resultats .fr-card__title a').allTextContents();

async function expectAccessible(w: WatchedPage) {
  expect(await seriousViolations(w.page)).toEqual([]);
}

describe('annuaire', () => {
  it('updates results as you type, with the URL and the API in agreement', async () => {
    const w = await openPage(context);
    await w.page.goto(site.url);
    const all = await headingTotal(w.page);
    expect(all).toBeGreaterThan(10);
    await w.page.locator('#q').pressSequentially('maraichage biologique', { delay: 20 });
    await w.page.waitForURL(/q=maraichage/);
    await expect.poll(() => headingTotal(w.page)).toBeLessThan(all);
    const names = await resultNames(w.page);
    expect(names.map((n) => n.replace(/[’']/g, "'"))).toContain("Chantier d'insertion maraîchage biologique");
    const fromApi = await api(new URL(w.page.url()).search);
    expect(await headingTotal(w.page)).toBe(fromApi.total);
    expect(names).toEqual(fromApi.hits.map((h) => h.nom));
    await screenshot(w.page, 'annuaire-recherche');
    await expectAccessible(w);
    expect(w.errors).toEqual([]);
  });

  it('filters with a facet checkbox, then the back button restores the previous search', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/?q=permis`);
    const before = await headingTotal(w.page);
    const facetCount = Number(
      /\((\d+)\)/.exec((await w.page.locator('label[for="f-types-formation"]').textContent()) ?? '')?.[1],
    );
    // DSFR draws the box on the label: click it, as a user does.
    await w.page.locator('label[for="f-types-formation"]').click();
    await w.page.waitForURL(/types=formation/);
    await expect.poll(() => headingTotal(w.page)).toBe(facetCount);
    expect(facetCount).toBeLessThan(before);
    const fromApi = await api(new URL(w.page.url()).search);
    expect(fromApi.total).toBe(facetCount);
    await expect.poll(() => w.page.locator('#facettes input[value="formation"]').isChecked()).toBe(true);
    await screenshot(w.page, 'annuaire-facette');
    await w.page.goBack();
    await w.page.waitForURL((url) => !url.search.includes('types='));
    await expect.poll(() => headingTotal(w.page)).toBe(before);
    expect(await w.page.locator('#facettes input[value="formation"]').isChecked()).toBe(false);
  });

  it('searches around a commune within a radius and shows the results on the map', async () => {
    const w = await openPage(context);
    await w.page.goto(site.url);
    // Autocomplete: typing fills the native datalist from /api/communes.
    await w.page.locator('#commune').pressSequentially('Nior', { delay: 30 });
    await expect
      .poll(() =>
        w.page
          .locator('#communes-suggerees option')
          .evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value)),
      )
      .toContain('Niort (79191)');
    await w.page.locator('#commune').fill('Niort (79191)');
    await w.page.locator('#rayon').fill('10');
    await w.page.getByRole('button', { name: 'Rechercher' }).click();
    await w.page.waitForURL(/commune=/);
    await expect(w.page.locator('#titre-resultats').textContent()).resolves.toContain(
      'à moins de 10 km de Niort',
    );
    const fromApi = await api(new URL(w.page.url()).search);
    expect(fromApi.total).toBeGreaterThan(0);
    for (const hit of fromApi.hits)
      expect(
        hit.distance_km === null || hit.distance_km <= 10 || hit.modes_accueil?.includes('a-distance'),
      ).toBe(true);
    // Tiles cannot load here (MAP_TILE_URL points nowhere): markers and popups must work anyway.
    const markers = w.page.locator('#carte .leaflet-marker-icon');
    await expect.poll(() => markers.count()).toBeGreaterThan(0);
    // Markers overlap at this zoom: open one from the keyboard (Enter), which also checks they are focusable.
    await markers.first().focus();
    await w.page.keyboard.press('Enter');
    const popup = w.page.locator('.leaflet-popup-content a');
    await expect.poll(() => popup.count()).toBe(1);
    expect(fromApi.hits.map((h) => h.nom)).toContain(await popup.textContent());
    await screenshot(w.page, 'annuaire-commune-rayon');
    await expectAccessible(w);
  });

  it('keeps the commune suggestions of the latest text when an earlier answer comes back late', async () => {
    const w = await openPage(context);
    await w.page.goto(site.url);
    // The answer for "Nic" (no Niort in it) is held back until the answer for "Niort" has filled the list.
    let releaseEarly: () => void = () => {};
    const early = new Promise<void>((resolve) => {
      releaseEarly = resolve;
    });
    await w.page.route(/\/api\/communes\?q=Nic$/, async (route) => {
      await early;
      await route.continue().catch(() => {}); // aborted by the page: nothing to continue
    });
    const labels = () =>
      w.page
        .locator('#communes-suggerees option')
        .evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value));
    const asked = w.page.waitForRequest(/\/api\/communes\?q=Nic$/);
    await w.page.locator('#commune').pressSequentially('Nic');
    await asked;
    await w.page.locator('#commune').press('Backspace');
    await w.page.locator('#commune').pressSequentially('ort');
    await expect.poll(labels).toContain('Niort (79191)');
    releaseEarly();
    // Give the late answer every chance to land, then check it did not replace the list.
    await w.page.waitForTimeout(500);
    expect(await labels()).toContain('Niort (79191)');
    expect(w.errors).toEqual([]);
  });

  it('opens an offer page with its fields in plain French', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/?q=maraichage`);
    const first = w.page.locator('#resultats .fr-card__title a').first();
    const name = await first.textContent();
    await Promise.all([w.page.waitForURL(/\/offres\//), first.click()]);
    expect(await w.page.locator('h1').textContent()).toBe(name);
    const body = (await w.page.locator('main').textContent()) ?? '';
    for (const heading of [
      'Pour qui ?',
      'Comment la mobiliser ?',
      'Zone d’éligibilité',
      'Dernière mise à jour',
    ])
      expect(body).toContain(heading);
    expect(body).toMatch(/mise à jour (il y a|aujourd’hui|hier)/);
    // partners by name, not id (the seeded registry names them « Partenaire <id> »)
    const publisher = await w.page.locator('dt:text-is("Publiée par") + dd').textContent();
    expect(publisher).toMatch(/^Partenaire [a-z0-9-]+$/);
    await expect.poll(() => w.page.locator('#carte-offre .leaflet-marker-icon').count()).toBe(1);
    await screenshot(w.page, 'offre');
    await expectAccessible(w);
    const missing = await w.page.goto(`${site.url}/offres/nexiste-pas`);
    expect(missing?.status()).toBe(404);
    expect(await w.page.locator('h1').textContent()).toBe('Offre introuvable');
  });

  it('works without JavaScript: the GET form carries the whole state', async () => {
    const noJs = await newContext(browser, { javaScriptEnabled: false });
    const w = await openPage(noJs);
    await w.page.goto(site.url);
    await w.page.locator('#q').fill('permis');
    await w.page.locator('#commune').fill('79191');
    await w.page.locator('#rayon').fill('30');
    await w.page.locator('label[for="f-types-formation"]').click();
    await w.page.getByRole('button', { name: 'Rechercher' }).click();
    await w.page.waitForURL(/q=permis/);
    const url = new URL(w.page.url());
    expect(url.searchParams.get('commune')).toBe('79191');
    expect(url.searchParams.getAll('types')).toEqual(['formation']);
    const fromApi = await api(url.search);
    expect(await headingTotal(w.page)).toBe(fromApi.total);
    expect(await w.page.locator('#commune').inputValue()).toBe('Niort (79191)');
    // An invalid value is a French message, not a crash.
    const bad = await w.page.goto(`${site.url}/?types=inconnu&rayon=999`);
    expect(bad?.status()).toBe(400);
    expect(await w.page.locator('[role="alert"]').textContent()).toContain('rayon : 200 km au maximum');
    await noJs.close();
  });

  it('renders partner text with HTML or script literally on every page', async () => {
    const w = await openPage(context);
    const payloadName = '<script>alert("xss")</script> Atelier <img src=x onerror=alert(1)>';
    await w.page.goto(`${site.url}/?q=xss`);
    expect(await resultNames(w.page)).toContain(payloadName);
    await w.page.locator('#carte .leaflet-marker-icon').first().focus();
    await w.page.keyboard.press('Enter');
    expect(await w.page.locator('.leaflet-popup-content a').textContent()).toBe(payloadName);
    await w.page.goto(`${site.url}/offres/xss-offre`);
    expect(await w.page.locator('h1').textContent()).toBe(payloadName);
    expect(await w.page.locator('main').textContent()).toContain('</script><script>alert(3)</script>');
    expect(await w.page.locator('main').textContent()).toContain('<b>Structure</b> & "Cie"');
    expect(await w.page.locator('img[src="x"]').count()).toBe(0);
    await screenshot(w.page, 'offre-echappement');
    expect(w.dialogs).toEqual([]);
  });
});

describe('annuaire: what is hidden, what to try, which commune', () => {
  it('says how many offers the eligibility zone hides near Melle and shows them marked', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/?q=chantier&commune=79174&rayon=100`);
    const note = w.page.locator('#hors-zone');
    await expect(note.textContent()).resolves.toMatch(/\d+ autres offres correspondent mais sont réservées/);
    const hidden = Number(/(\d+) autres offres/.exec((await note.textContent()) ?? '')?.[1]);
    const fromApi = (await api('?q=chantier&commune=79174&rayon=100')) as ApiResult & { hors_zone: number };
    expect(hidden).toBe(fromApi.hors_zone);
    await note.getByRole('link', { name: 'Les afficher aussi' }).click();
    await w.page.waitForURL(/hors_zone=inclure/);
    expect(await headingTotal(w.page)).toBe(fromApi.total + fromApi.hors_zone);
    await expect
      .poll(() => w.page.locator('#resultats .fr-badge', { hasText: 'Hors zone d’éligibilité' }).count())
      .toBeGreaterThan(0);
    await screenshot(w.page, 'annuaire-hors-zone');
    await expectAccessible(w);
  });

  it('asks which Saint-Martin, proposes Amiens for « Amien »', async () => {
    const w = await openPage(context);
    const r = await w.page.goto(`${site.url}/?q=permis&commune=Saint-Martin`);
    expect(r?.status()).toBe(400);
    expect(await w.page.locator('[role="alert"]').textContent()).toContain('désigne plusieurs communes');
    const choice = w.page
      .locator('#choix-commune')
      .getByRole('link', { name: 'Saint-Martin (65392, Hautes-Pyrénées)' });
    await choice.click();
    await w.page.waitForURL(/commune=65392/);
    expect(new URL(w.page.url()).searchParams.get('q')).toBe('permis');
    await w.page.goto(`${site.url}/?commune=Amien`);
    expect(await w.page.locator('[role="alert"]').textContent()).toContain(
      'nom de commune, un code postal ou un code INSEE',
    );
    await w.page.locator('#choix-commune').getByRole('link', { name: 'Amiens (80021, Somme)' }).click();
    await w.page.waitForURL(/commune=80021/);
    await expect(w.page.locator('#titre-resultats').textContent()).resolves.toContain('de Amiens');
    await screenshot(w.page, 'annuaire-commune-choisie');
  });

  it('proposes what to try when nothing matches, and says when a page is past the last', async () => {
    const w = await openPage(context);
    // an AVIP crèche within 5 km of Niort with a réseau filter that nothing there has
    await w.page.goto(`${site.url}/?q=cr%C3%A8che&commune=79191&rayon=5&reseaux_porteurs=epide`);
    await expect(w.page.locator('#aucun-resultat').textContent()).resolves.toContain(
      'Aucune offre ne correspond',
    );
    const tries = w.page.locator('#aucun-resultat li');
    const texts = await tries.allTextContents();
    expect(texts.some((t) => t.startsWith('Retirer le filtre « réseau porteur »'))).toBe(true);
    expect(
      texts.some((t) => t.startsWith('L’offre la plus proche') || t.startsWith('Élargir le rayon')),
    ).toBe(texts.length > 1);
    await screenshot(w.page, 'annuaire-aucun-resultat');
    await tries.getByRole('link', { name: 'Retirer le filtre « réseau porteur »' }).click();
    await w.page.waitForURL((u) => !u.search.includes('reseaux_porteurs'));
    expect(await headingTotal(w.page)).toBeGreaterThan(0);
    await w.page.goto(`${site.url}/?q=chantier&page=400`);
    await expect(w.page.locator('#apres-derniere-page').textContent()).resolves.toMatch(
      /La page 400 est au-delà de la dernière \(\d+\)/,
    );
    await w.page.locator('#apres-derniere-page a').click();
    await expect.poll(() => resultNames(w.page).then((n) => n.length)).toBeGreaterThan(0);
  });

  it('on a phone: results before the filters, folded in a panel that opens', async () => {
    const phone = await newContext(browser, { viewport: { width: 375, height: 800 } });
    const w = await openPage(phone);
    await w.page.goto(`${site.url}/?q=permis`);
    const results = await w.page.locator('#resultats').boundingBox();
    const filters = await w.page.locator('#filtres').boundingBox();
    expect(results && filters && results.y < filters.y).toBe(true);
    expect(await w.page.locator('#filtres').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await expect(w.page.locator('#f-types-formation').isVisible()).resolves.toBe(false);
    await screenshot(w.page, 'annuaire-mobile');
    await w.page.locator('#filtres > summary').click();
    await expect.poll(() => w.page.locator('label[for="f-types-formation"]').isVisible()).toBe(true);
    await expectAccessible(w);
    expect(w.errors).toEqual([]);
    await phone.close();
  });
});

describe('offer page: the same service published twice', () => {
  it('links the other copy under « Également publié par », with why they were joined', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/offres/aci-amienois-chantier-batiment-80162-39`);
    const section = w.page.locator('section[aria-labelledby="egalement-publie"]');
    await expect.poll(() => section.count()).toBe(1);
    const link = section.locator('a[href="/offres/aci-amienois-chantier-batiment-80162-9"]');
    expect(await link.count()).toBe(1);
    await section.locator('summary').first().click();
    const reasons = await section.locator('details li').allTextContents();
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^même SIRET/),
        expect.stringMatching(/^thématiques communes :/),
      ]),
    );
    await expectAccessible(w);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
