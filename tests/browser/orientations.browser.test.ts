// Orientations in real Chromium, against the built site on a real PostgreSQL with real SMTP capture:
// refusal and cancellation through the private pages, double answer, escaping, nothing personal or
// secret in the logs, the database down. (The full journey from a suggestion, expiry through the CLI
// and the expired-link renewal are on the branch `orientation`, not yet green on a loaded machine.)
import pg from 'pg';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningSite, startSite } from '../support/site-server.ts';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from '../support/smtp-capture.ts';
import { openPage } from './browser.ts';
import { openSeededSite, type SeededSite } from './seeded-site.ts';

const SENTINEL_NAME = 'Zéphyrine-Sentinelle';
const SENTINEL_PHONE = '07 98 76 54 32';
const XSS = '<img src=x onerror=alert(1)>';
const OFFER = 'auto-ecole-sociale-niort';

let opened: SeededSite | undefined;
let site: RunningSite;
let context: BrowserContext;
let smtp: SmtpCapture;
let databaseUrl: string;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // A database of its own on the run's PostgreSQL.
  const server = inject('databaseUrl');
  const name = `orient_browser_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  databaseUrl = server.replace(/\/[^/]*$/, `/${name}`);
  opened = await openSeededSite({
    browser: true,
    env: {
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      ORIENTATIONS_JOBS_MINUTES: '0',
      SEARCH_THREADS: '0',
    },
  });
  ({ site, context } = opened);
});

afterAll(async () => {
  await opened?.close();
  await smtp?.close();
});

const linkIn = (m: CapturedMail, kind: 'structure' | 'suivi') => {
  const found = m.text.match(new RegExp(`http://\\S+/orientations/${kind}/[A-Za-z0-9_-]{43}`));
  if (!found) throw new Error(`no ${kind} link in ${m.subject}`);
  return found[0];
};

async function createByApi(over: Record<string, unknown> = {}) {
  const before = smtp.messages.length;
  const r = await fetch(`${site.url}/api/orientations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      offre_id: OFFER,
      beneficiaire: {
        prenom: SENTINEL_NAME,
        nom: XSS,
        telephone: SENTINEL_PHONE,
        contact_prefere: 'telephone',
      },
      message: `Mère seule, un enfant de deux ans. ${XSS}`,
      referent: { nom: 'Claire Martin', courriel: 'claire.martin@cd79.example.org', structure: 'CD 79' },
      consentement: true,
      ...over,
    }),
  });
  expect(r.status).toBe(201);
  const body = (await r.json()) as { id: string; statut: string; lien_suivi: string };
  const mail = await smtp.waitFor(
    (m, i = smtp.messages.indexOf(m)) => i >= before && m.subject.startsWith('Nouvelle orientation'),
  );
  return { ...body, structure: linkIn(mail, 'structure') };
}

const action = (link: string, body: Record<string, unknown>) =>
  fetch(`${site.url}/api/orientations/liens/${link.slice(link.lastIndexOf('/') + 1)}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('orientations', () => {
  it('refusal with a reason from the list, shown to the référent', async () => {
    const o = await createByApi();
    const page = await context.newPage();
    await page.goto(o.structure);
    await page.locator('label[for="motif-plus_de_place"]').click();
    await page.locator('#refuser').click();
    await page.locator('#confirmation').waitFor();
    await page.goto(o.lien_suivi);
    expect(await page.locator('#statut').textContent()).toBe('refusée');
    expect(await page.locator('main').textContent()).toContain('Plus de place');
  });

  it('cancellation by the référent; the structure then gets a 409 in French', async () => {
    const o = await createByApi();
    const page = await context.newPage();
    await page.goto(o.lien_suivi);
    await page.locator('#annuler').click();
    await page.locator('#confirmation').waitFor();
    expect(await page.locator('#statut').textContent()).toBe('annulée');
    const r = await action(o.structure, { action: 'accepter' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { erreur: string }).erreur).toMatch(/déjà annulée/);
    await page.goto(o.structure);
    expect(await page.locator('#accepter').count()).toBe(0);
  });

  it('double answer: two answers at once, one wins, the other gets a 409 in French', async () => {
    const o = await createByApi();
    const results = await Promise.all([
      action(o.structure, { action: 'accepter' }),
      action(o.structure, { action: 'refuser', motif: 'autre' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(((await loser.json()) as { erreur: string }).erreur).toMatch(/déjà (acceptée|refusée)/);
  });

  it('security: HTML escaped in pages and e-mails, tokens and the person never in logs, private pages not referred or cached', async () => {
    const o = await createByApi();
    const w = await openPage(context);
    const response = await w.page.goto(o.structure);
    expect(response?.headers()['referrer-policy']).toBe('strict-origin');
    expect(response?.headers()['cache-control']).toContain('no-store');
    expect(await w.page.locator('main').textContent()).toContain(XSS);
    expect(await w.page.locator('main img[src="x"]').count()).toBe(0);
    expect(w.dialogs).toEqual([]);
    for (const m of smtp.messages) {
      expect(m.html).not.toContain('<img src=x');
      expect(m.raw).not.toContain(SENTINEL_PHONE);
    }
    const logs = site.output();
    expect(logs).not.toContain(SENTINEL_NAME);
    expect(logs).not.toContain(SENTINEL_PHONE);
    expect(logs).not.toContain(o.structure.slice(-43));
    expect(logs).not.toContain(o.lien_suivi.slice(-43));
    // Other pages never carry a link.
    const home = await (await fetch(`${site.url}/offres/${OFFER}`)).text();
    expect(home).not.toMatch(/orientations\/(structure|suivi)\//);
  });

  it('search and suggestions keep working when the database is down; orientation routes answer 503 in French', async () => {
    const down = await startSite({
      dataDir: site.dataDir,
      env: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:9/aucune',
        SMTP_URL: smtp.url,
        ORIENTATIONS_JOBS_MINUTES: '0',
        SEARCH_THREADS: '0',
      },
    });
    try {
      expect((await fetch(`${down.url}/api/offres?q=permis`)).status).toBe(200);
      const s = await fetch(`${down.url}/api/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code_commune: '79191',
          age: 32,
          situations: ['rsa'],
          besoins: [{ thematique: 'mobilite--preparer-un-permis', priorite: 1 }],
          mobilite: { mode: 'transports-en-commun' },
          acces_numerique: false,
        }),
      });
      expect(s.status).toBe(200);
      expect((await fetch(`${down.url}/offres/${OFFER}`)).status).toBe(200);
      const r = await fetch(`${down.url}/api/orientations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offre_id: OFFER }),
      });
      expect(r.status).toBe(503);
      expect(((await r.json()) as { erreur: string }).erreur).toMatch(/momentanément indisponibles/);
    } finally {
      await down.stop();
    }
  });
});
