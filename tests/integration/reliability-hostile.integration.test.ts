// Hostile input against the built site over real HTTP: hostile partner files (binary, 100 MB body,
// one 10 MB line, 10,000 columns, invalid UTF-8, repetition and gzip bombs, formula cells), partner
// authentication (401/403, hashed tokens, constant-time comparison, brute-force throttling), hostile
// search and suggestion parameters (400 in French, never 500, never a raw engine filter), escaping of
// partner text, and a diagnostic sentinel that must never reach logs, files or error messages.
// Big inputs are generated here, at test time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { offersToCsv, PartnerRegistry, PartnerStore, TEMPLATE_FIELDS } from '@spie/loader';
import { MeilisearchEngine, SearchQueryError } from '@spie/search';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { csvOf, demoOffers, demoPartners, filesContaining, memoryMb } from '../reliability/support.ts';
import { buildSite, ROOT, type RunningSite, startSite } from '../support/site-server.ts';

const [A, B] = demoPartners() as [string, string];
const BRUTE = 'force-brute';
const FRENCH = /[éèàùçêô’«]|\b(le|la|les|des|du|est|pas|au|aucun|attendu|invalide|trop)\b/i;

interface Sent {
  status: number;
  body: string;
  ms: number;
  headers: Record<string, string | string[] | undefined>;
}

/** POST a body with node:http, in chunks, stopping as soon as the server answers (it may answer early). */
function post(
  url: string,
  chunks: Iterable<Buffer>,
  headers: Record<string, string | number>,
): Promise<Sent> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    // A fresh connection each time: the server closes one after refusing a body early.
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started, headers: res.headers }),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server may close the connection as soon as it has answered an over-long body, before this
      // client (still writing) reads the answer: a cut connection, status 0.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET')
        resolve({ status: 0, body: '', ms: performance.now() - started, headers: {} });
      else reject(e);
    });
    (async () => {
      for (const c of chunks) {
        if (answered || req.destroyed) return;
        if (!req.write(c)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(() => {
      // the server closed the connection after answering: the response (or the error) decides
    });
  });
}

function* repeat(chunk: Buffer, totalBytes: number): Generator<Buffer> {
  for (let sent = 0; sent < totalBytes; sent += chunk.length) yield chunk;
}

describe('hostile input against the built site', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spie-hostile-'));
  const registry = new PartnerRegistry(dataDir);
  const store = new PartnerStore(dataDir);
  const tokens: Record<string, string> = {};
  let site: RunningSite;
  const started = Date.now();
  const figures: string[] = [];

  const upload = async (
    name: string,
    chunks: Iterable<Buffer>,
    extra: Record<string, string | number> = {},
    query = '',
  ) => {
    const before = memoryMb(site.pid);
    const sent = await post(`${site.url}/api/partenaires/${A}/publications${query}`, chunks, {
      authorization: `Bearer ${tokens[A]}`,
      'content-type': 'text/csv',
      ...extra,
    });
    const after = memoryMb(site.pid);
    figures.push(
      `| ${name} | ${sent.status} | ${sent.ms.toFixed(0)} ms | ${(after.rss - before.rss).toFixed(0)} MB | ${after.peak.toFixed(0)} MB |`,
    );
    return sent;
  };

  const versions = async () => (await store.history(A)).length;

  beforeAll(async () => {
    buildSite();
    for (const p of [A, B, BRUTE]) tokens[p] = await registry.add(p, `Partenaire ${p}`);
    await store.publish(A, demoOffers(A), { by: 'test' });
    site = await startSite({ dataDir });
  }, 600_000); // the site's build, on a busy machine

  afterAll(async () => {
    await site?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(
      [
        '| entrée | statut | durée | Δ RSS serveur | pic RSS serveur |',
        '|---|---|---|---|---|',
        ...figures,
      ].join('\n'),
    );
  });

  describe('hostile partner files: bounded time and memory, clear French error, nothing published', () => {
    const refused = (sent: Sent, status: number[]) => {
      expect(status, sent.body.slice(0, 300)).toContain(sent.status);
      const body = JSON.parse(sent.body) as { erreur: string; publie?: boolean; rapport?: unknown };
      expect(body.erreur).toMatch(FRENCH);
      expect(body.publie ?? false).toBe(false);
      expect(sent.ms).toBeLessThan(15_000);
      return body;
    };

    it('binary file', async () => {
      const before = await versions();
      const sent = await upload('fichier binaire (2 Mo aléatoires)', [randomBytes(2 * 1024 * 1024)]);
      refused(sent, [400, 422]);
      expect(await versions()).toBe(before);
    });

    it('100 MB body, declared: refused before reading', async () => {
      const before = await versions();
      const sent = await upload(
        '100 Mo déclarés (Content-Length)',
        repeat(Buffer.alloc(1 << 20, 'a'), 100 << 20),
        {
          'content-length': 100 << 20,
        },
      );
      expect(refused(sent, [413]).erreur).toMatch(/trop volumineux/);
      expect(sent.ms).toBeLessThan(3000);
      expect(await versions()).toBe(before);
    });

    it('100 MB body, streamed without Content-Length: cut at the limit', async () => {
      const before = await versions();
      const sent = await upload('100 Mo en flux (chunked)', repeat(Buffer.alloc(1 << 20, 'a'), 100 << 20), {
        'transfer-encoding': 'chunked',
      });
      // Either the French 413, or the connection cut at the limit before the client could read it.
      if (sent.status !== 0) expect(refused(sent, [413]).erreur).toMatch(/trop volumineux/);
      expect(memoryMb(site.pid).rss).toBeLessThan(1024);
      expect(await versions()).toBe(before);
    });

    it('one 10 MB line', async () => {
      const before = await versions();
      const header = `${TEMPLATE_FIELDS.join(',')}\n`;
      const line = Buffer.alloc(10 * 1024 * 1024 - header.length - 1, 'x');
      const sent = await upload('une ligne de 10 Mo', [Buffer.from(header), line]);
      const body = refused(sent, [413, 422]);
      if (sent.status === 422) expect(JSON.stringify(body.rapport)).toMatch(/caractères|trop long/);
      expect(await versions()).toBe(before);
    });

    it('10,000 columns', async () => {
      const before = await versions();
      const header = Array.from({ length: 10_000 }, (_, i) => `colonne_${i}`).join(',');
      const row = Array.from({ length: 10_000 }, () => 'x').join(',');
      const sent = await upload('10 000 colonnes', [Buffer.from(`${header}\n${row}\n`)]);
      const body = refused(sent, [422]);
      expect(JSON.stringify(body.rapport)).toMatch(/colonnes/);
      expect(await versions()).toBe(before);
    });

    it('invalid UTF-8 bytes in a UTF-8 file: refused, never published as mojibake', async () => {
      const before = await versions();
      const good = csvOf(demoOffers(A, 'Réinsertion'));
      // Overlong and truncated sequences in the middle of a valid UTF-8 file.
      const at = good.indexOf('Réinsertion');
      const bad = Buffer.concat([
        good.subarray(0, at),
        Buffer.from([0xc0, 0xaf, 0xe2, 0x28, 0xa1]),
        good.subarray(at),
      ]);
      const sent = await upload('UTF-8 invalide', [bad]);
      // Read as Windows-1252 it would have been published with every accent garbled (« RÃ©insertion »).
      const body = refused(sent, [422]);
      expect(JSON.stringify(body.rapport)).toMatch(/encodage incohérent/);
      expect(JSON.stringify(await store.partnerOffers(A))).not.toContain('Ã©');
      expect(await versions()).toBe(before);
    });

    it('repetition bombs: 200,000 copies of a row, a cell of 1,000,000 list separators, a gzip bomb', async () => {
      const before = await versions();
      const header = Buffer.from(`${TEMPLATE_FIELDS.join(',')}\n`);
      const row = Buffer.from(`${TEMPLATE_FIELDS.map(() => 'a').join(',')}\n`);
      const rows = await upload('200 000 lignes identiques', [
        header,
        ...repeat(Buffer.concat(Array(10_000).fill(row)), row.length * 200_000),
      ]);
      expect(JSON.stringify(refused(rows, [413, 422]))).toMatch(/lignes|trop volumineux/);

      const separators = Buffer.concat([header, Buffer.from(`x,s,,nom,${'|'.repeat(1_000_000)}\n`)]);
      refused(await upload('1 000 000 de « | » dans une cellule', [separators]), [422]);

      // 1 GB of zeros compresses to ~1 MB: the server must not inflate request bodies.
      const bomb = gzipSync(Buffer.alloc(1024 * 1024 * 1024, 0), { level: 9 });
      refused(
        await upload('bombe gzip (1 Go → 1 Mo)', [bomb], { 'content-encoding': 'gzip' }),
        [400, 415, 422],
      );
      expect(memoryMb(site.pid).rss).toBeLessThan(1024);
      expect(await versions()).toBe(before);
    });

    it('formula cells are stored as text with a warning, and neutralised in exports and the template', async () => {
      const payloads = [
        '=HYPERLINK("http://exemple.invalid","clic")',
        '+33 cmd|calc',
        '-2+3+cmd',
        '@SUM(A1:A9)',
      ];
      const offers = demoOffers(A)
        .slice(0, 4)
        .map((o, i) => ({ ...o, nom: payloads[i]!, description: payloads[i]! }));
      // Replacing the partner's offers by these 4 withdraws the others: confirmed.
      const sent = await upload(
        'cellules formules (=, +, -, @)',
        [csvOf(offers)],
        {},
        '?confirmer_retraits=1',
      );
      expect(sent.status).toBe(201);
      const report = (JSON.parse(sent.body) as { rapport: { avertissements: { message: string }[] } })
        .rapport;
      expect(report.avertissements.map((w) => w.message).join('\n')).toMatch(/formule/);
      const stored = await store.partnerOffers(A);
      expect(stored.map((o) => o.nom)).toEqual(payloads); // text, byte for byte, never evaluated
      // Our exports: every formula-looking cell starts with « ' ».
      const cells = (parse(offersToCsv(stored)) as string[][]).slice(1).flat();
      for (const c of cells.filter((c) => /^[=+\-@]/.test(c.replace(/^'/, ''))))
        expect(c.startsWith("'"), c).toBe(true);
      // The template downloaded from the site.
      const template = await (await fetch(`${site.url}/partenaires/modele.csv`)).text();
      const templateCells = (parse(template, { bom: true, delimiter: ';' }) as string[][]).flat();
      for (const c of templateCells) expect(/^[=+@]/.test(c) || /^-[^\d]/.test(c), c).toBe(false);
      await store.rollback(A, 1, { by: 'test' });
    });
  });

  describe('partner authentication', () => {
    const publications = (partner: string, headers: Record<string, string> = {}) =>
      fetch(`${site.url}/api/partenaires/${partner}/publications`, { headers });

    it('missing or wrong token → 401; another partner’s valid token → 403', async () => {
      const before = await versions();
      const none = await publications(A);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect(((await none.json()) as { erreur: string }).erreur).toMatch(FRENCH);
      expect((await publications(A, { authorization: 'Bearer faux-jeton' })).status).toBe(401);
      expect((await publications(A, { authorization: `Basic ${tokens[A]}` })).status).toBe(401);
      const other = await publications(A, { authorization: `Bearer ${tokens[B]}` });
      expect(other.status).toBe(403);
      expect(((await other.json()) as { erreur: string }).erreur).toMatch(/partenaire/);
      expect((await publications(A, { authorization: `Bearer ${tokens[A]}` })).status).toBe(200);
      // The 403 holds for writes too, and nothing is published.
      const write = await fetch(`${site.url}/api/partenaires/${A}/publications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[B]}`, 'content-type': 'text/csv' },
        body: csvOf(demoOffers(B)),
      });
      expect(write.status).toBe(403);
      expect(await versions()).toBe(before);
    });

    it('tokens are stored hashed: no plaintext token in partners.json nor anywhere under DATA_DIR', () => {
      const file = JSON.parse(readFileSync(join(dataDir, 'partners.json'), 'utf8')) as {
        partners: Record<string, unknown>[];
      };
      for (const p of file.partners) {
        expect(Object.keys(p).sort()).toEqual(['createdAt', 'id', 'name', 'tokenSha256']);
        expect(p.tokenSha256).toMatch(/^[0-9a-f]{64}$/);
      }
      for (const token of Object.values(tokens)) expect(filesContaining(dataDir, token)).toEqual([]);
    });

    it('tokens are compared in constant time (timingSafeEqual on fixed-length hashes, also for unknown ids)', async () => {
      const source = readFileSync(join(ROOT, 'packages/loader/src/registry.ts'), 'utf8');
      const verify = source.slice(source.indexOf('async verify('), source.indexOf('async get('));
      expect(verify).toMatch(/timingSafeEqual\(/);
      // No direct comparison of tokens or hashes (only of their lengths).
      expect(verify).not.toMatch(
        /(?<!length )[!=]==\s*(given|token|expected)\b|\b(token|given|expected|tokenSha256)\s*[!=]==/,
      );
      expect(await registry.verify(A, tokens[A]!)).toBe(true);
      expect(await registry.verify(A, tokens[B]!)).toBe(false);
      expect(await registry.verify('inconnu', tokens[A]!)).toBe(false);
      expect(await registry.verify(A, '')).toBe(false);
    });

    it('brute force is slowed down (429 after 10 failures a minute) but never locks the right token out', async () => {
      const attempt = (token: string, address?: string) =>
        publications(BRUTE, {
          authorization: `Bearer ${token}`,
          ...(address ? { 'x-forwarded-for': address } : {}),
        });
      for (let i = 0; i < 10; i++) expect((await attempt(`essai-${i}`)).status).toBe(401);
      const blocked = await attempt('essai-11');
      expect(blocked.status).toBe(429);
      const wait = Number(blocked.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect(((await blocked.json()) as { erreur: string }).erreur).toMatch(/Trop de tentatives/);
      // Issue 14: 110 bad requests with rotating X-Forwarded-For made the real token get 429 on the
      // API and the sign-in form. The token is now checked first, and the header (not from a
      // TRUST_PROXY proxy) is ignored: every address below is the same client.
      for (let i = 0; i < 100; i++) await attempt(`essai-ip-${i}`, `198.51.100.${i}`);
      expect((await attempt(`encore`, '192.0.2.55')).status).toBe(429);
      expect((await attempt(tokens[BRUTE]!)).status).toBe(200);
      expect((await attempt(tokens[BRUTE]!, '203.0.113.7')).status).toBe(200);
      const login = await fetch(`${site.url}/partenaires`, {
        method: 'POST',
        headers: { origin: site.url },
        body: new URLSearchParams({ action: 'connexion', partenaire: BRUTE, jeton: tokens[BRUTE]! }),
        redirect: 'manual',
      });
      expect(login.status).toBe(303);
      // Other partners are unaffected.
      expect((await publications(A, { authorization: `Bearer ${tokens[A]}` })).status).toBe(200);
    });
  });

  describe('hostile search parameters', () => {
    const hostile = [
      'thematiques=inconnue',
      'types=%22%20OR%20partenaire%20%3D%20x',
      `publics=${encodeURIComponent('" OR partenaire = x')}`,
      `frais=${encodeURIComponent("gratuit' OR 1=1 --")}`,
      `thematiques=${Array.from({ length: 61 }, (_, i) => `t${i}`).join(',')}`,
      `q=${'a'.repeat(201)}`,
      'rayon=-5',
      'rayon=0',
      'rayon=1e9',
      'rayon=NaN',
      'rayon=Infinity',
      'page=0',
      'page=1e400',
      'par_page=100000',
      'tri=_geoPoint(0,0):asc',
      'a_distance=%3Cscript%3E',
      `commune=${encodeURIComponent('" OR partenaire = x')}`,
      `commune=${encodeURIComponent('<script>alert(1)</script>')}`,
      `commune=${'9'.repeat(500)}`,
    ];

    it.each(hostile)('GET /api/offres?%s → 400 with a French message', async (params) => {
      const res = await fetch(`${site.url}/api/offres?${params}`);
      const body = (await res.json()) as { erreur: string; details: string[] };
      expect(res.status).toBe(400);
      expect(body.erreur).toMatch(/invalides/);
      expect(body.details.join(' ')).toMatch(FRENCH);
      const page = await fetch(`${site.url}/?${params}`);
      expect(page.status).toBe(400);
      // The only raw occurrence allowed is inside a quoted attribute (the form keeps what was typed).
      const html = (await page.text()).replaceAll('value="<script>alert(1)</script>"', '');
      expect(html).not.toContain('<script>alert(1)</script>');
    });

    it('a huge q never gets a 500 (Node refuses oversized headers itself)', async () => {
      const res = await fetch(`${site.url}/api/offres?q=${'a'.repeat(100_000)}`);
      expect([400, 414, 431]).toContain(res.status);
    });

    it('injection attempts in free text are only text: no error, no widened result', async () => {
      const all = (await (await fetch(`${site.url}/api/offres?par_page=1`)).json()) as { total: number };
      const res = await fetch(`${site.url}/api/offres?q=${encodeURIComponent('" OR partenaire = x')}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total: number }).total).toBeLessThan(all.total);
    });

    it('Meilisearch never receives a filter built from raw input (validated first, quoted anyway)', async () => {
      const engine = new MeilisearchEngine({
        url: inject('meiliUrl'),
        apiKey: inject('meiliMasterKey'),
        indexName: 'fiabilite_hostile',
      });
      await engine.replaceAll(demoOffers(A));
      const attempts = [
        { filters: { thematiques: ['" OR partenaire = "x'] } },
        { filters: { partenaire: ['x" OR 1 = 1'] } },
        { filters: { zone: ['79" OR zone_libre = true OR "a'] } },
        { geo: { latitude: 46, longitude: -0.4, radius_km: -1 } },
        { geo: { latitude: 46, longitude: -0.4, radius_km: 1e9 } },
      ] as const;
      for (const query of attempts)
        await expect(engine.search(query as never), JSON.stringify(query)).rejects.toBeInstanceOf(
          SearchQueryError,
        );
      const text = await engine.search({ q: '" OR partenaire = x' });
      expect(text.total).toBeLessThan(demoOffers(A).length);
    });
  });

  describe('partner text with HTML or script', () => {
    it('is rendered escaped on the annuaire and the offer page (the browser test checks it in Chromium)', async () => {
      const payload = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
      const offer = {
        ...demoOffers(B)[0]!,
        id: 'xss-fiabilite',
        nom: `Atelier ${payload}`,
        description: payload,
      };
      const sent = await post(`${site.url}/api/partenaires/${B}/publications`, [csvOf([offer])], {
        authorization: `Bearer ${tokens[B]}`,
        'content-type': 'text/csv',
      });
      expect(sent.status).toBe(201);
      const api = await fetch(`${site.url}/api/offres?q=atelier`);
      expect(api.headers.get('content-type')).toMatch(/^application\/json/);
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');
      for (const path of ['/?q=atelier', '/offres/xss-fiabilite']) {
        const html = await (await fetch(`${site.url}${path}`)).text();
        expect(html, path).not.toContain('<script>alert("xss")</script>');
        expect(html, path).not.toContain('<img src=x onerror');
      }
      const browserTest = readFileSync(join(ROOT, 'tests/browser/annuaire.browser.test.ts'), 'utf8');
      expect(browserTest).toMatch(/escap|literally/);
    });
  });

  describe('suggestions: the diagnostic never reaches logs, files or error messages', () => {
    const SENTINEL = `SENTINELLE${randomBytes(6).toString('hex')}`;
    // Unusual numbers of a valid diagnostic: they must not be written anywhere either.
    const LATITUDE = 49.894067314;
    const DISTANCE = 37.4159;

    it('valid and invalid diagnostics, by API and by the form', async () => {
      const valid = {
        code_commune: '80021',
        latitude: LATITUDE,
        longitude: 2.295753,
        age: 57,
        besoins: [{ thematique: 'mobilite', priorite: 3 }],
        mobilite: { mode: 'velo', distance_max_km: DISTANCE },
        acces_numerique: false,
      };
      const invalids = [
        { ...valid, situations: [SENTINEL] },
        { ...valid, age: SENTINEL },
        { ...valid, code_postal: SENTINEL },
        { ...valid, besoins: [{ thematique: SENTINEL, priorite: 1 }] },
        { ...valid, mobilite: { mode: SENTINEL } },
        { ...valid, [SENTINEL]: SENTINEL },
      ];
      const ok = await fetch(`${site.url}/api/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(valid),
      });
      expect(ok.status).toBe(200);
      for (const body of invalids) {
        const res = await fetch(`${site.url}/api/suggestions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        expect(res.status, text).toBe(400);
        expect(text).not.toContain(SENTINEL);
        expect(text).toMatch(FRENCH);
      }
      const broken = await fetch(`${site.url}/api/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"situations": ["${SENTINEL}"`,
      });
      expect(broken.status).toBe(400);
      expect(await broken.text()).not.toContain(SENTINEL);

      // The form: errors name fields, never values (the values stay only in the form's own inputs).
      const form = new URLSearchParams({
        commune: SENTINEL,
        age: SENTINEL,
        mode: SENTINEL,
        distance_max_km: SENTINEL,
      });
      form.append('situations', SENTINEL);
      const page = await fetch(`${site.url}/suggestions`, {
        method: 'POST',
        body: form,
        headers: { origin: site.url }, // Astro refuses cross-site form posts
      });
      expect(page.status).toBe(400);
      const html = await page.text();
      const alert = /<div class="fr-alert fr-alert--error[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
      expect(alert).toMatch(/commune/);
      expect(alert).not.toContain(SENTINEL);

      // Nothing written anywhere: server output, DATA_DIR, temp files, the site's own directories.
      const needles = [SENTINEL, String(LATITUDE), String(DISTANCE)];
      for (const needle of needles) {
        expect(site.output()).not.toContain(needle);
        expect(filesContaining(dataDir, needle)).toEqual([]);
        expect(filesContaining(tmpdir(), needle, started)).toEqual([]);
        expect(filesContaining(join(ROOT, 'site'), needle, started)).toEqual([]);
      }
    });
  });
});
