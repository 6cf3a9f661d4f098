// The partner space in real Chromium: sign-in, an invalid upload changes nothing, a valid one is
// published and found by search, history and rollback; plus the partner API's authentication rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSite } from '../support/site-server.ts';
import { openPage, screenshot, seriousViolations } from './browser.ts';
import { FIXTURES, type Seeded, TEST_PARTNER } from './seed.ts';
import { openSeededSite, type SeededSite } from './seeded-site.ts';

let site: RunningSite;
let context: BrowserContext;
let seeded: Seeded;

const VALID = join(FIXTURES, 'partenaire-valide.csv');
const INVALID = join(FIXTURES, 'partenaire-invalide.csv');

let opened: SeededSite | undefined;
beforeAll(async () => {
  opened = await openSeededSite({ browser: true });
  ({ site, seeded, context } = opened);
});

afterAll(async () => {
  await opened?.close();
});

const searchIds = async (q: string) => {
  const r = (await (await fetch(`${site.url}/api/offres?q=${encodeURIComponent(q)}`)).json()) as {
    hits: { id: string; nom: string }[];
  };
  return r.hits;
};
const historyRows = (page: Page) => page.locator('#table-historique tbody tr').count();

async function signIn(page: Page, token: string) {
  await page.goto(`${site.url}/partenaires`);
  await page.locator('#partenaire').fill(TEST_PARTNER);
  await page.locator('#jeton').fill(token);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

describe('espace partenaires', () => {
  it('refuses a wrong token, then signs in with an HttpOnly, SameSite=Strict session cookie', async () => {
    const w = await openPage(context);
    await signIn(w.page, 'pas-le-bon-jeton');
    expect(await w.page.locator('[role="alert"]').textContent()).toContain('Identifiant ou jeton incorrect');
    await screenshot(w.page, 'partenaires-connexion');
    expect(await seriousViolations(w.page)).toEqual([]);
    // Another partner's token does not open this partner's space either.
    await signIn(w.page, seeded.otherToken);
    expect(await w.page.locator('#depot').count()).toBe(0);
    await signIn(w.page, seeded.token);
    await w.page.locator('#depot').waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'spie_partenaire');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value).not.toContain(seeded.token);
    expect(await w.page.locator('main').textContent()).toContain('Aucune version publiée');
  });

  it('shows every error of an invalid file and publishes nothing', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/partenaires`);
    await w.page.locator('#fichier').setInputFiles(INVALID);
    await w.page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await w.page.locator('#rapport').waitFor();
    const rows = await w.page
      .locator('#table-rapport tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
    expect(
      rows.some(
        ([row, column, value]) =>
          row === '3' && column === 'thematiques' && value === 'mobilite--velo-inconnu',
      ),
    ).toBe(true);
    expect(
      rows.some(([row, column, value]) => row === '3' && column === 'date_maj' && value === '2026-13-45'),
    ).toBe(true);
    expect(await w.page.locator('#rapport').textContent()).toContain('1 en erreur');
    expect(await w.page.locator('#publication').count()).toBe(0);
    expect(await w.page.locator('main').textContent()).toContain('Aucune version publiée');
    expect(await searchIds('Vélorution prêt')).not.toContainEqual(
      expect.objectContaining({ id: 'velorution-ok' }),
    );
    await screenshot(w.page, 'partenaires-rapport-erreurs');
    expect(await seriousViolations(w.page)).toEqual([]);
  });

  it('publishes a dropped valid file, which search then finds; history and rollback', async () => {
    const w = await openPage(context);
    await w.page.goto(`${site.url}/partenaires`);
    // Drag and drop: a File in a DataTransfer dropped on the zone fills the form's file input.
    const csv = readFileSync(VALID, 'utf8');
    const dataTransfer = await w.page.evaluateHandle((text) => {
      // Runs in the page (no DOM types in this Node project).
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([text], 'velorution.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    await w.page.dispatchEvent('#zone-depot', 'drop', { dataTransfer });
    expect(
      await w.page
        .locator('#fichier')
        .evaluate((i) => (i as unknown as { files: { name: string }[] | null }).files?.[0]?.name),
    ).toBe('velorution.csv');
    await w.page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await w.page.locator('#publication').waitFor();
    expect(await searchIds('Vélorution')).toEqual([]);
    // The change is shown before publishing.
    expect(await w.page.locator('#changements').textContent()).toContain('1 ajoutée(s)');
    expect(await w.page.locator('#liste-ajoutees').textContent()).toContain('Vélorution : réparer son vélo');
    await w.page.getByRole('button', { name: /^Publier \(1 ajoutée/ }).click();
    expect(await w.page.locator('#notice').textContent()).toContain('Version 1 publiée');
    expect(await historyRows(w.page)).toBe(1);
    expect((await searchIds('Vélorution')).map((h) => h.id)).toContain('velorution-reparation');

    // Found from the annuaire too.
    const s = await openPage(context);
    await s.page.goto(`${site.url}/?q=V%C3%A9lorution`);
    expect(await s.page.locator('#resultats .fr-card__title a').allTextContents()).toContain(
      'Vélorution : réparer son vélo',
    );

    // A second version renames the offer; rolling back to version 1 restores the first name.
    await w.page.locator('#fichier').setInputFiles({
      name: 'v2.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.replace('Vélorution : réparer son vélo', 'Vélorution : atelier de réparation')),
    });
    await w.page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    expect(await w.page.locator('#liste-modifiees').textContent()).toContain('Vélorution : réparer son vélo');
    expect(await w.page.locator('#liste-modifiees').textContent()).toContain(': nom');
    await w.page.getByRole('button', { name: /^Publier \(0 ajoutée\(s\), 1 modifiée/ }).click();
    expect(await w.page.locator('#notice').textContent()).toContain('Version 2 publiée');
    expect((await searchIds('Vélorution')).map((h) => h.nom)).toContain('Vélorution : atelier de réparation');
    await screenshot(w.page, 'partenaires-historique');
    await w.page.getByRole('button', { name: 'Restaurer la version 1' }).click();
    expect(await w.page.locator('#notice').textContent()).toContain('Version 1 restaurée');
    expect(await historyRows(w.page)).toBe(3);
    expect((await searchIds('Vélorution')).map((h) => h.nom)).toContain('Vélorution : réparer son vélo');
    expect(await seriousViolations(w.page)).toEqual([]);
  });

  it('offers the formula-safe template for download', async () => {
    const response = await fetch(`${site.url}/partenaires/modele.csv`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: French Excel reads UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('id;structure_id;')).toBe(true);
    expect(text).not.toMatch(/(^|;)[=+@]/m);
    const values = await (await fetch(`${site.url}/partenaires/valeurs-autorisees.csv`)).text();
    expect(values).toContain('frais;gratuit;Gratuit');
  });
});

describe('partner API', () => {
  const endpoint = (partner = TEST_PARTNER, query = '') =>
    `${site.url}/api/partenaires/${partner}/publications${query}`;
  const post = (body: string | Uint8Array, token?: string, partner?: string, query?: string) =>
    fetch(endpoint(partner, query), {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body as unknown as BodyInit,
    });

  it('answers 401 without or with a wrong token, 403 with another partner’s token', async () => {
    expect((await post('x')).status).toBe(401);
    expect((await post('x', 'faux-jeton')).status).toBe(401);
    const forbidden = await post(readFileSync(VALID), seeded.otherToken);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { erreur: string }).erreur).toMatch(/ce partenaire/);
    expect((await fetch(endpoint())).status).toBe(401);
  });

  it('validates only with dry_run, reports errors with 422, refuses oversized bodies with 413', async () => {
    const ownCsv = readFileSync(VALID, 'utf8').replace('velorution-reparation', 'autre-essai');
    const dry = await post(ownCsv, seeded.otherToken, 'autre-partenaire', '?dry_run=1');
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ publie: false, valide: true, offres: 1 });
    const invalid = await post(readFileSync(INVALID), seeded.otherToken, 'autre-partenaire');
    expect(invalid.status).toBe(422);
    const report = (await invalid.json()) as { rapport: { erreurs: { ligne: number; colonne: string }[] } };
    expect(report.rapport.erreurs.map((e) => `${e.ligne}:${e.colonne}`)).toEqual(
      expect.arrayContaining(['3:thematiques', '3:date_maj']),
    );
    const history = await fetch(endpoint('autre-partenaire'), {
      headers: { authorization: `Bearer ${seeded.otherToken}` },
    });
    expect(await history.json()).toEqual({ partenaire: 'autre-partenaire', versions: [] });
    const huge = await post(new Uint8Array(11 * 1024 * 1024), seeded.otherToken, 'autre-partenaire');
    expect(huge.status).toBe(413);
  });

  it('publishes with a Bearer token and lists the history', async () => {
    const csv = readFileSync(VALID, 'utf8')
      .replace('velorution-reparation', 'autre-velo')
      .replace('Vélorution : réparer son vélo', 'Biclounet solidaire de Niort');
    const published = await post(csv, seeded.otherToken, 'autre-partenaire');
    expect(published.status).toBe(201);
    expect((await searchIds('Biclounet')).map((h) => h.id)).toContain('autre-velo');
    const history = (await (
      await fetch(endpoint('autre-partenaire'), { headers: { authorization: `Bearer ${seeded.otherToken}` } })
    ).json()) as { versions: { version: number; offres: number }[] };
    expect(history.versions.map((v) => [v.version, v.offres])).toEqual([[1, 1]]);
    // An id of another partner is refused, row by row, and nothing changes.
    const stolen = await post(readFileSync(VALID), seeded.otherToken, 'autre-partenaire');
    expect(stolen.status).toBe(422);
    expect((await searchIds('Vélorution')).find((h) => h.id === 'velorution-reparation')?.nom).toBe(
      'Vélorution : réparer son vélo',
    );

    // Replacing the only offer by another withdraws 1 of 1: held until confirmed; complement keeps it.
    const other = csv.replace('autre-velo', 'autre-atelier').replace('Biclounet solidaire', 'Atelier Biclou');
    const held = await post(other, seeded.otherToken, 'autre-partenaire', '?mode=remplacer');
    expect(held.status).toBe(409);
    expect(await held.json()).toMatchObject({
      publie: false,
      confirmation_requise: true,
      retirees: 1,
      liste_retirees: [{ id: 'autre-velo', nom: 'Biclounet solidaire de Niort' }],
    });
    expect((await post(other, seeded.otherToken, 'autre-partenaire', '?mode=tout')).status).toBe(400);
    const added = await post(other, seeded.otherToken, 'autre-partenaire', '?mode=complement');
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({
      mode: 'complement',
      ajoutees: 1,
      retirees: 0,
      version: { offres: 2 },
    });
    const same = await post(other, seeded.otherToken, 'autre-partenaire', '?mode=complement');
    expect(await same.json()).toMatchObject({ publie: false, aucun_changement: true });
    const confirmed = await post(other, seeded.otherToken, 'autre-partenaire', '?confirmer_retraits=1');
    expect(confirmed.status).toBe(201);
    expect(await confirmed.json()).toMatchObject({ retirees: 1, version: { offres: 1 } });
  });
});
