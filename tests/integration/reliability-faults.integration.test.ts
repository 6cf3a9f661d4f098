// Faults: Meilisearch stopped during a publish and killed during a reindex (the store stays the truth,
// the site says plainly that search is unavailable, `pnpm cli index` catches up, no offer is lost);
// a full disk during a publish; a corrupted store file at start-up. Real Meilisearch (our own, since
// we stop it), the built site over HTTP, real files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerRegistry, PartnerStore, publishCsv } from '@spie/loader';
import { MeilisearchEngine } from '@spie/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MeilisearchServer, startMeilisearch } from '../../scripts/lib/meilisearch-server.ts';
import { csvOf, demoOffers, demoPartners, run } from '../reliability/support.ts';
import { checkFile, pageAction, signIn } from '../support/partner-page.ts';
import { buildSite, ROOT, type RunningSite, startSite } from '../support/site-server.ts';

const INDEX = 'fiabilite';
// Tags appended to offer names: words no typo tolerance can confuse with one another.
const T1 = 'premierjet';
const T2 = 'secondjet';
const [A, B] = demoPartners() as [string, string];

/** `pnpm cli <args>` in a child process (what an operator runs), with our environment. */
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });

/** Offers the site finds for `tag` whose name really ends with it (typo tolerance may add near words). */
async function tagged(siteUrl: string, tag: string): Promise<number> {
  let count = 0;
  for (let page = 1; ; page++) {
    const res = await fetch(`${siteUrl}/api/offres?q=${tag}&par_page=100&page=${page}`);
    expect(res.status).toBe(200);
    const { hits } = (await res.json()) as { hits: { nom: string }[] };
    count += hits.filter((h) => h.nom.endsWith(` ${tag}`)).length;
    if (hits.length < 100) return count;
  }
}

const isFrench = (text: string) => /[éèàùç’]|\b(le|la|les|des|du|est|pas)\b/.test(text);

describe('Meilisearch stopped during a publish, killed during a reindex', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spie-fiab-data-'));
  const dbPath = mkdtempSync(join(tmpdir(), 'spie-fiab-meili-'));
  let meili: MeilisearchServer;
  let port: number;
  let masterKey: string;
  let site: RunningSite;
  const tokens: Record<string, string> = {};
  const store = new PartnerStore(dataDir);
  const registry = new PartnerRegistry(dataDir);
  const engine = () => new MeilisearchEngine({ url: meili.url, apiKey: masterKey, indexName: INDEX });
  const env = () => ({
    DATA_DIR: dataDir,
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: masterKey,
    MEILI_INDEX: INDEX,
  });
  const restart = async () => {
    // The killed or stopped server must have let go of the port (and its database) first.
    for (let i = 0; i < 100; i++) {
      if (
        !(await fetch(`${meili.url}/health`).then(
          () => true,
          () => false,
        ))
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    meili = await startMeilisearch({ dbPath, port, masterKey, maxIndexingMemory: '256Mb' });
  };

  beforeAll(async () => {
    buildSite();
    meili = await startMeilisearch({ dbPath, maxIndexingMemory: '256Mb' });
    port = Number(new URL(meili.url).port);
    masterKey = meili.masterKey;
    for (const p of [A, B]) {
      tokens[p] = await registry.add(p, `Partenaire ${p}`);
      const r = await publishCsv({
        store,
        registry,
        engine: engine(),
        partner: p,
        input: csvOf(demoOffers(p, p === A ? T1 : 'stable')),
      });
      expect(r.published && r.index).toBe('a-jour');
    }
    site = await startSite({ dataDir, env: env() });
  });

  afterAll(async () => {
    await site?.stop();
    await meili?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dbPath, { recursive: true, force: true });
  });

  it('a publish while Meilisearch is down commits to the store and reports the index as late', async () => {
    await meili.stop();
    const v2 = demoOffers(A, T2);
    const r = await publishCsv({ store, registry, engine: engine(), partner: A, input: csvOf(v2) });
    expect(r.published).toBe(true);
    expect(r.index).toBe('en-retard');
    expect(r.indexError).toMatch(/Meilisearch injoignable/);
    // The store is intact and holds exactly the new version.
    const stored = await store.partnerOffers(A);
    expect(stored.map((o) => o.nom).sort()).toEqual(v2.map((o) => o.nom).sort());
    expect((await store.history(A)).map((v) => v.version)).toEqual([1, 2]);
    expect((await store.partnerOffers(B)).length).toBe(demoOffers(B).length);
  });

  it('while Meilisearch is down, the site answers 503 with a French message, never 500', async () => {
    const offerId = demoOffers(B)[0]!.id;
    const checks: [string, RequestInit?][] = [
      ['/api/offres?q=emploi'],
      [`/api/offres/${encodeURIComponent(offerId)}`],
      ['/api/sante'],
      [
        '/api/suggestions',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            code_commune: '80021',
            besoins: [{ thematique: 'mobilite', priorite: 2 }],
            mobilite: { mode: 'voiture' },
            acces_numerique: true,
          }),
        },
      ],
    ];
    for (const [path, init] of checks) {
      const res = await fetch(`${site.url}${path}`, init);
      const text = await res.text();
      expect(res.status, `${path} ${text}`).toBe(503);
      const body = JSON.parse(text) as { erreur?: string };
      expect(body.erreur, path).toMatch(/indisponible/);
      if (path !== '/api/sante') expect(res.headers.get('retry-after'), path).toBe('30');
    }
    // A partner publishing through the API meanwhile: stored, and told that search will lag.
    const pub = await fetch(`${site.url}/api/partenaires/${B}/publications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[B]}`, 'content-type': 'text/csv' },
      body: csvOf(demoOffers(B, T2)),
    });
    const published = (await pub.json()) as { publie: boolean; avertissement?: string };
    expect(pub.status).toBe(201);
    expect(published.publie).toBe(true);
    expect(published.avertissement).toMatch(/moteur de recherche ne répond pas/);
    expect((await store.partnerOffers(B)).every((o) => o.nom.endsWith(` ${T2}`))).toBe(true);
    // Pages too: the annuaire says it plainly, with a 503.
    const page = await fetch(`${site.url}/?q=emploi`);
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/recherche est momentanément indisponible/);
    const offerPage = await fetch(`${site.url}/offres/${encodeURIComponent(offerId)}`);
    expect(offerPage.status).toBe(503);
    expect(await offerPage.text()).toMatch(/Offre momentanément indisponible/);
    // The suggestions form (the référent's page): same plain sentence, 503, never a 500.
    const form = new URLSearchParams({
      commune: '80021',
      mode: 'voiture',
      'besoin:mobilite': '2',
      acces_numerique: 'oui',
      action: 'chercher',
    });
    const suggestions = await fetch(`${site.url}/suggestions`, {
      method: 'POST',
      headers: { origin: site.url }, // Astro refuses cross-site form posts
      body: form,
    });
    const html = await suggestions.text();
    expect(suggestions.status, html.slice(0, 500)).toBe(503);
    expect(suggestions.headers.get('retry-after')).toBe('30');
    expect(html).toMatch(/recherche est momentanément indisponible/);
  });

  it('a reindex killed mid-way leaves the live index serving; `pnpm cli index` then catches up, no offer lost', async () => {
    await restart();
    // The live index still holds what it had: A v1 (the v2 publish could not reach it) and B.
    expect(await tagged(site.url, T1)).toBe(demoOffers(A).length);

    // Reindex the whole store (what `pnpm cli index` does) and kill Meilisearch after the first batch.
    const reindexing = engine();
    let killed = false;
    reindexing.onProgress = () => {
      if (killed) return;
      killed = true;
      process.kill(meili.pid, 'SIGKILL');
    };
    const bigSet = [...(await store.currentOffers())];
    // Make the reindex long enough to be interrupted: more batches of the same offers under other ids.
    for (let i = 0; i < 4; i++)
      for (const o of await store.currentOffers()) bigSet.push({ ...o, id: `${o.id}-copie-${i}` });
    const failed = await reindexing.replaceAll(bigSet).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(killed).toBe(true);
    expect(failed?.message).toMatch(/Meilisearch injoignable/);

    await restart();
    // The live index was untouched by the failed reindex.
    expect(await tagged(site.url, T1)).toBe(demoOffers(A).length);

    const reindex = await cli(['index', '--index', INDEX], env());
    expect(reindex.stderr + reindex.stdout).not.toMatch(/Erreur/);
    expect(reindex.status).toBe(0);

    // Every stored offer is in the index, with its current text, and nothing else.
    const storeOffers = await store.currentOffers();
    const docs = await engine()
      .client.index(INDEX)
      .getDocuments({ fields: ['id', 'nom'], limit: 100_000 });
    const indexed = new Map(docs.results.map((d) => [String(d.id), String(d.nom)]));
    expect(indexed.size).toBe(storeOffers.length);
    for (const o of storeOffers) expect(indexed.get(o.id), o.id).toBe(o.nom);
    expect(await tagged(site.url, T2)).toBe(demoOffers(A).length + demoOffers(B).length);
    expect(await tagged(site.url, T1)).toBe(0);
  });
});

describe('disk full during a publish', () => {
  beforeAll(() => buildSite());

  it('fails with a clear French error (EFBIG under `ulimit -f`) and keeps the old version', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spie-fiab-disk-'));
    try {
      const store = new PartnerStore(dataDir);
      const v1 = demoOffers(A, T1);
      await store.publish(A, v1, { by: 'test' });
      const file = join(dataDir, 'v2.csv');
      writeFileSync(file, csvOf(demoOffers(A, T2)));
      // A child whose files may not grow past 16 KB: the new version file cannot be written, as on a
      // full disk (Node ignores SIGXFSZ, so the write fails with EFBIG).
      const r = await run(
        'bash',
        [
          '-c',
          `ulimit -f 16 && exec "${process.execPath}" --import tsx scripts/cli.ts publish "${file}" --partner ${A}`,
        ],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir } },
      );
      const out = r.stdout + r.stderr;
      expect(r.status).not.toBe(0);
      expect(out).toMatch(
        /impossible d’enregistrer la nouvelle version.*taille de fichier maximale atteinte/,
      );
      expect(out).toMatch(/Rien n’a été publié/);
      expect(out).not.toMatch(/\n\s+at /); // no stack trace
      const after = new PartnerStore(dataDir);
      expect((await after.partnerOffers(A)).map((o) => o.nom)).toEqual(v1.map((o) => o.nom));
      expect((await after.history(A)).length).toBe(1);
      expect(after.warnings).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a DATA_DIR where a file stands in for a directory: clear error (CLI, library, site), old version intact', async () => {
    const { dataDir, store, token } = await storeWhereBCannotPublish('spie-fiab-notdir-');
    let site: RunningSite | undefined;
    try {
      // The library either reports it in the validation report or throws a StoreError: both say it.
      const message = await publishCsv({ store, partner: B, input: csvOf(demoOffers(B)) }).then(
        (r) => (r.published ? 'publié' : r.report.errors.map((e) => e.message).join('\n')),
        (e: Error) => e.message,
      );
      expect(message).toMatch(/impossible d’enregistrer.*Rien n’a été publié/);
      expect((await store.partnerOffers(A)).length).toBe(demoOffers(A).length);

      site = await startSite({ dataDir });
      const res = await fetch(`${site.url}/api/partenaires/${B}/publications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: csvOf(demoOffers(B)),
      });
      const text = await res.text();
      expect(res.status, text).toBe(503); // a server-side fault, said plainly: never a bare 500
      expect(text).toMatch(/impossible d’enregistrer/);
      expect((await store.partnerOffers(A)).length).toBe(demoOffers(A).length);
    } finally {
      await site?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * A store where A has published and B is registered, but B's directory cannot be created: a file
 * holds its name (as when DATA_DIR is damaged).
 */
async function storeWhereBCannotPublish(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const store = new PartnerStore(dataDir);
  await store.publish(A, demoOffers(A, T1), { by: 'test' });
  const token = await new PartnerRegistry(dataDir).add(B, `Partenaire ${B}`);
  writeFileSync(join(dataDir, 'offers', B), 'pas un dossier');
  return { dataDir, store, token };
}

const noticeOf = (html: string) =>
  /<div[^>]*id="notice"[\s\S]*?<\/div>/.exec(html)?.[0] ?? html.slice(0, 300);

/**
 * The partner page's two steps: upload and check the file, then publish it. A disk fault may already
 * stop the first step (the checked file is kept on disk until « Publier »): that answer is returned.
 */
async function uploadThenPublish(siteUrl: string, cookie: string, csv: Buffer) {
  const checked = await checkFile(siteUrl, cookie, csv);
  if (checked.status === 503) return { status: 503, html: checked.html, notice: noticeOf(checked.html) };
  expect(checked.status, checked.html.slice(-2000)).toBe(200);
  expect(checked.html).toMatch(/Fichier valide/);
  const { status, html } = await pageAction(siteUrl, cookie, { action: 'publier' });
  // The notice (or the start of the page), for a readable failure message.
  return { status, html, notice: noticeOf(html) };
}

describe('the partner page when the store cannot write', () => {
  beforeAll(() => buildSite());

  it('full disk (site under `ulimit -f`): 503, the French error on the page, the old version intact', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spie-fiab-page-disk-'));
    let site: RunningSite | undefined;
    try {
      const store = new PartnerStore(dataDir);
      const registry = new PartnerRegistry(dataDir);
      const v1 = demoOffers(A, T1);
      await store.publish(A, v1, { by: 'test' });
      const token = await registry.add(A, `Partenaire ${A}`);
      site = await startSite({ dataDir, fileLimitKb: 16 });
      const cookie = await signIn(site.url, A, token);
      const { status, html, notice } = await uploadThenPublish(site.url, cookie, csvOf(demoOffers(A, T2)));
      expect(status, notice).toBe(503);
      expect(html).toMatch(/Publication impossible/);
      expect(html).toMatch(/impossible d’enregistrer.*taille de fichier maximale/);
      expect(html).toMatch(/Rien n’a été publié/);
      expect(html).toMatch(/Historique des versions/); // the page itself, not an error page
      const after = new PartnerStore(dataDir);
      expect((await after.history(A)).map((v) => v.version)).toEqual([1]);
      expect((await after.partnerOffers(A)).map((o) => o.nom)).toEqual(v1.map((o) => o.nom));
      expect(after.warnings).toEqual([]);
      // The publish API on the same full disk: 503 with the same message (it said 422 « erreurs »).
      const api = await fetch(`${site.url}/api/partenaires/${A}/publications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: csvOf(demoOffers(A, T2)),
      });
      const apiBody = (await api.json()) as { publie: boolean; erreur: string };
      expect(api.status, apiBody.erreur).toBe(503);
      expect(apiBody.publie).toBe(false);
      expect(apiBody.erreur).toMatch(/impossible d’enregistrer.*Rien n’a été publié/);
      expect((await new PartnerStore(dataDir).history(A)).length).toBe(1);
      // The site still serves the old version.
      const served = (await (await fetch(`${site.url}/api/offres?par_page=1`)).json()) as {
        total: number;
      };
      expect(served.total).toBe(v1.length);
    } finally {
      await site?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a file where the partner directory must be created: 503 and the French error on the page', async () => {
    const { dataDir, store, token } = await storeWhereBCannotPublish('spie-fiab-page-notdir-');
    let site: RunningSite | undefined;
    try {
      site = await startSite({ dataDir });
      const cookie = await signIn(site.url, B, token);
      const { status, html, notice } = await uploadThenPublish(site.url, cookie, csvOf(demoOffers(B)));
      expect(status, notice).toBe(503);
      expect(html).toMatch(/impossible d(’enregistrer|e lire ou d’enregistrer).*Rien n’a été publié/);
      expect((await store.partnerOffers(A)).length).toBe(demoOffers(A).length);
      expect(await store.history(B).catch(() => [])).toEqual([]);
    } finally {
      await site?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('corrupted store file at start-up', () => {
  it('is detected by checksum, reported in French, and the last good version is served', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spie-fiab-corrupt-'));
    let site: RunningSite | undefined;
    try {
      const store = new PartnerStore(dataDir);
      const v1 = demoOffers(A, T1);
      await store.publish(A, v1, { by: 'test' });
      await store.publish(A, demoOffers(A, T2), { by: 'test' });
      // Flip one byte inside an offer line of the current version (not its length: a silent bit rot).
      const file = join(dataDir, 'offers', A, 'v000002.ndjson');
      const bytes = readFileSync(file);
      const at = bytes.indexOf(T2, bytes.indexOf('\n'));
      bytes[at] = 't'.charCodeAt(0);
      writeFileSync(file, bytes);

      const reopened = new PartnerStore(dataDir);
      expect((await reopened.partnerOffers(A)).map((o) => o.nom)).toEqual(v1.map((o) => o.nom));
      expect(reopened.warnings.join('\n')).toMatch(/corrompu|somme de contrôle/);

      const cliRun = await cli(['history', '--partner', A], { DATA_DIR: dataDir });
      expect(cliRun.stderr).toMatch(/⚠ .*(corrompu|somme de contrôle)/);

      site = await startSite({ dataDir });
      const res = (await (await fetch(`${site.url}/api/offres?par_page=1`)).json()) as { total: number };
      expect(res.total).toBe(v1.length);
      const hits = (await (await fetch(`${site.url}/api/offres?q=${T2}&par_page=100`)).json()) as {
        hits: { nom: string }[];
      };
      expect(hits.hits.filter((h) => h.nom.endsWith(` ${T2}`))).toEqual([]);
      expect(site.output()).toMatch(/(corrompu|somme de contrôle)/);
      expect(isFrench(reopened.warnings[0] ?? '')).toBe(true);
    } finally {
      await site?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
