// The référent's flow in real Chromium: a persona's diagnostic → ranked suggestions grouped by need,
// the parcours and the uncovered needs, as the API computes them; printable; nothing in the URL.
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const GARDE = 'famille--garde-denfants';
const PERMIS = 'mobilite--preparer-un-permis';
const FREIN_GARDE = 'contraintes-familiales--enfant-s-de-moins-de-3-ans-sans-solution-de-garde';

/** Persona: single mother on RSA in Niort, 32, by public transport, no digital access. */
async function fillPersona(page: Page) {
  await page.locator('#commune').fill('Niort (79191)');
  await page.locator('#age').fill('32');
  await page.locator('label[for="situation-rsa"]').click();
  await page.locator('label[for="situation-parent-isole"]').click();
  await page.locator('details:has(#frein-' + FREIN_GARDE + ') summary').click();
  await page.locator(`label[for="frein-${FREIN_GARDE}"]`).click();
  await page.locator('details[data-category="mobilite"] summary').click();
  await page.locator(`#besoin-${PERMIS}`).selectOption('1');
  await page.locator('#mode').selectOption('transports-en-commun');
  await page.locator('label[for="numerique-non"]').click();
}

const personaJson = {
  code_commune: '79191',
  age: 32,
  situations: ['rsa', 'parent-isole'],
  besoins: [
    { thematique: GARDE, priorite: 2 },
    { thematique: PERMIS, priorite: 1 },
  ],
  mobilite: { mode: 'transports-en-commun' },
  acces_numerique: false,
};

describe('suggestions', () => {
  it('gives a persona the same ranked suggestions and parcours as the API, grouped by need', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/suggestions`);
    await screenshot(w.page, 'suggestions-formulaire');
    expect(await seriousViolations(w.page)).toEqual([]);
    await fillPersona(w.page);
    // Ticking the frein proposed the childcare besoin (priority 2 by default).
    expect(await w.page.locator(`#besoin-${GARDE}`).inputValue()).toBe('2');
    await Promise.all([
      w.page.waitForURL(`${site.url}/suggestions`),
      w.page.getByRole('button', { name: 'Voir les suggestions' }).click(),
    ]);
    // The diagnostic never goes into the URL.
    expect(new URL(w.page.url()).search).toBe('');
    await w.page.locator('#suggestions').waitFor();

    const response = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(personaJson),
    });
    expect(response.status).toBe(200);
    const expected = (await response.json()) as {
      suggestions: { id: string; nom: string }[];
      parcours: string[];
      par_besoin: Record<string, string[]>;
    };
    expect(expected.parcours.length).toBeGreaterThan(0);
    const parcoursLinks = await w.page
      .locator('#parcours li > a')
      .evaluateAll((links) =>
        links.map((a) =>
          decodeURIComponent(
            new URL((a as unknown as { href: string }).href).pathname.replace('/offres/', ''),
          ),
        ),
      );
    expect(parcoursLinks).toEqual(expected.parcours);
    // Needs are shown by priority: the licence (1) before childcare (2), each with its best offers.
    const needTitles = await w.page.locator('#suggestions section h3').allTextContents();
    expect(needTitles[0]).toContain('Préparer un permis');
    expect(needTitles[1]).toContain('Garde d’enfants');
    const firstForLicence = expected.par_besoin[PERMIS]?.[0];
    if (firstForLicence) {
      const name = expected.suggestions.find((s) => s.id === firstForLicence)?.nom;
      expect(await w.page.locator(`#besoin-titre-${PERMIS} + ol li a`).first().textContent()).toBe(name);
    }
    expect(await w.page.locator('#suggestions').textContent()).toMatch(/dans votre budget de trajet/);
    await screenshot(w.page, 'suggestions-resultats');
    expect(await seriousViolations(w.page)).toEqual([]);

    // Printable summary: the form and site chrome disappear, the parcours stays.
    await w.page.emulateMedia({ media: 'print' });
    expect(await w.page.locator('#diagnostic').isVisible()).toBe(false);
    expect(await w.page.locator('header.fr-header').isVisible()).toBe(false);
    expect(await w.page.locator('#parcours').isVisible()).toBe(true);
    await screenshot(w.page, 'suggestions-impression');
    await w.page.emulateMedia({ media: 'screen' });
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('a single father of a two-year-old in the Mellois wanting a chantier: counts, names and print as the API', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/suggestions`);
    await w.page.locator('#commune').fill('Melle (79174)');
    await w.page.locator('label[for="situation-rsa"]').click();
    await w.page.locator('label[for="situation-parent-isole"]').click();
    await w.page.locator('label[for="genre-homme"]').click();
    await w.page.locator('#enfants').fill('2');
    // IAE dispositifs come first among employment needs.
    const groups = await w.page
      .locator('fieldset[aria-labelledby="legende-besoins"] details')
      .evaluateAll((ds) => ds.map((d) => d.getAttribute('data-category')));
    expect(groups.indexOf('iae')).toBe(groups.indexOf('trouver-un-emploi') - 1);
    await w.page.locator('#besoins-iae summary').click();
    await w.page.locator('#besoin-dispositif-aci').selectOption('1');
    await w.page.locator('details[data-category="famille"] summary').click();
    await w.page.locator(`#besoin-${GARDE}`).selectOption('2');
    await w.page.locator('#mode').selectOption('voiture');
    await w.page.locator('label[for="numerique-oui"]').click();
    await w.page.locator('#structure_referent').fill('CCAS de Melle');
    await Promise.all([
      w.page.waitForURL(`${site.url}/suggestions`),
      w.page.getByRole('button', { name: 'Voir les suggestions' }).click(),
    ]);
    await w.page.locator('#suggestions').waitFor();
    // Results come first, above the form.
    const order = await w.page.evaluate(() => {
      const s = document.querySelector('#suggestions');
      const f = document.querySelector('#diagnostic');
      return s && f ? s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeGreaterThan(0);
    const api = (await (
      await fetch(`${site.url}/api/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code_commune: '79174',
          situations: ['rsa', 'parent-isole'],
          genre: 'homme',
          enfants: [{ age: 2 }],
          besoins: [
            { dispositif: 'aci', priorite: 1 },
            { thematique: GARDE, priorite: 2 },
          ],
          mobilite: { mode: 'voiture' },
          acces_numerique: true,
        }),
      })
    ).json()) as {
      suggestions: { id: string; structure_nom?: string; raisons: string[] }[];
      autres_offres: unknown[];
      par_besoin: Record<string, string[]>;
      parcours: string[];
      besoins_non_couverts: { thematique: string; raison: string }[];
    };
    // The demo's chantiers (Bocage bressuirais, 48 km) are out of reach and reserved to their EPCI: the
    // need is uncovered, and the reason names the real causes with the figure, not « aucune offre ».
    expect(api.par_besoin.aci ?? []).toEqual([]);
    const aciReason = api.besoins_non_couverts.find((u) => u.thematique === 'aci')?.raison ?? '';
    expect(aciReason).toMatch(/la plus proche est à \d+ km ; budget en voiture : 30 km/);
    expect(await w.page.locator('#suggestions').textContent()).toContain(aciReason);
    expect(api.par_besoin[GARDE]?.length).toBeGreaterThan(0);
    // Every figure true: the page's count is the API's, and « adaptée » means covering a need.
    const count = await w.page.locator('#compte-suggestions').textContent();
    expect(count).toContain(`${api.suggestions.length} offre`);
    expect(count).toContain('pour 2 besoins sélectionnés');
    const gardeIds = await w.page
      .locator(`[data-besoin="${GARDE}"] li.suggestion`)
      .evaluateAll((li) => li.map((l) => l.getAttribute('data-id')));
    expect(gardeIds).toEqual(api.par_besoin[GARDE]);
    // No gender assumed the other way either: nothing reserved to women is « éligible » for him.
    expect(api.suggestions.flatMap((s) => s.raisons)).not.toContain(
      'réservé aux femmes : la personne est éligible',
    );
    // Names, not ids; the raw score only in a closed details element.
    const text = (await w.page.locator('#suggestions').innerText()) ?? '';
    expect(text).not.toMatch(/structure non nommée|site:|score \d/i);
    expect(await w.page.locator('.detail-score').first().getAttribute('open')).toBeNull();
    // The print icon renders (a mask image on its ::before, not a plain square).
    await w.page.evaluate(() => document.querySelector('#imprimer')?.removeAttribute('hidden'));
    const mask = await w.page.locator('#imprimer').evaluate((b) => {
      const st = getComputedStyle(b, '::before');
      return st.maskImage || st.webkitMaskImage || '';
    });
    expect(mask).toMatch(/url\(/);
    await screenshot(w.page, 'suggestions-pere-isole-chantier');
    await w.page.emulateMedia({ media: 'print' });
    const header = await w.page.locator('#entete-impression').innerText();
    expect(header).toMatch(/Récapitulatif du \d{1,2} \S+ \d{4} — CCAS de Melle/);
    expect(await w.page.locator('#parcours').innerText()).toMatch(/Téléphone|Courriel|Site/);
    await screenshot(w.page, 'suggestions-pere-isole-impression');
    await w.page.emulateMedia({ media: 'screen' });
    expect(w.errors).toEqual([]);
  });

  it('proposes besoins from freins without JavaScript, and explains what is missing', async () => {
    const noJs = await newContext(browser, { javaScriptEnabled: false });
    const w = await openPage(noJs);
    await w.page.goto(`${site.url}/suggestions`);
    await w.page.locator('#commune').fill('79191');
    await w.page.locator('details:has(#frein-' + FREIN_GARDE + ') summary').click();
    await w.page.locator(`label[for="frein-${FREIN_GARDE}"]`).click();
    await w.page.getByRole('button', { name: 'Proposer les besoins' }).click();
    await w.page.locator('[role="status"]').waitFor();
    expect(await w.page.locator(`#besoin-${GARDE}`).inputValue()).toBe('2');
    expect(await w.page.locator('#commune').inputValue()).toBe('Niort (79191)');
    // Missing mobility and digital access: French field messages, status 400, no suggestion.
    const [response] = await Promise.all([
      w.page.waitForResponse((r) => r.url().endsWith('/suggestions') && r.request().method() === 'POST'),
      w.page.getByRole('button', { name: 'Voir les suggestions' }).click(),
    ]);
    expect(response.status()).toBe(400);
    const alert = (await w.page.locator('#erreurs').textContent()) ?? '';
    expect(alert).toContain('mobilité');
    expect(alert).toContain('accès au numérique');
    expect(await w.page.locator('#suggestions').count()).toBe(0);
    await noJs.close();
  });

  it('refuses an invalid diagnostic on the API with field messages that never repeat its values', async () => {
    const secret = 'situation-tres-personnelle-1234';
    const response = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...personaJson,
        situations: [secret],
        besoins: [{ thematique: secret, priorite: 9 }],
      }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain(secret);
    const body = JSON.parse(text) as { erreur: string; details: { champ: string; message: string }[] };
    expect(body.details.map((d) => d.champ)).toEqual(
      expect.arrayContaining(['situations.0', 'besoins.0.thematique', 'besoins.0.priorite']),
    );
    const notJson = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<x/>',
    });
    expect(notJson.status).toBe(415);
    const broken = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
    const huge = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...personaJson, padding: 'x'.repeat(100_000) }),
    });
    expect(huge.status).toBe(413);
    // Nothing of the diagnostic reached the server's output.
    expect(site.output()).not.toContain(secret);
  });
});
