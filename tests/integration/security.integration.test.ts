// Issue 14 against the built site over real HTTP: each finding of the security review is attacked
// here as it was reported, and must no longer work. One site (own DATA_DIR) for the whole file.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerRegistry, PartnerStore } from '@spie/loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileUploadCsv } from '../../scripts/lib/hostile-upload.ts';
import { csvOf, demoOffers, demoPartners, run } from '../reliability/support.ts';
import { checkFile, pageAction, signIn } from '../support/partner-page.ts';
import { buildSite, ROOT, type RunningSite, startSite } from '../support/site-server.ts';

const [A, B, C] = demoPartners() as [string, string, string];

describe('security review (issue 14) against the built site', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spie-securite-'));
  const registry = new PartnerRegistry(dataDir);
  const tokens: Record<string, string> = {};
  const fileA = csvOf(demoOffers(A, 'v2'));
  let site: RunningSite;

  beforeAll(async () => {
    await buildSite();
    for (const p of [A, B, C]) tokens[p] = await registry.add(p, `Partenaire ${p}`);
    await new PartnerStore(dataDir).publish(A, demoOffers(A), { by: 'test' });
    site = await startSite({
      dataDir,
      // Room for one demo partner's pending file, not for two.
      env: { SPIE_MAX_PENDING_BYTES: String(Math.round(fileA.length * 1.5)) },
    });
  }, 600_000); // the site's build, on a busy machine

  afterAll(async () => {
    await site?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('denial of service', () => {
    it('searches keep answering while a 50,000-row hostile file is validated', async () => {
      const csv = hostileUploadCsv(50_000);
      // One search first: right after start the site still finishes its start-up in the background
      // (store check, catalogue image), which is not what this test measures.
      expect((await fetch(`${site.url}/api/offres?q=permis&par_page=10`)).status).toBe(200);
      const started = performance.now();
      let uploadMs = 0;
      const upload = fetch(`${site.url}/api/partenaires/${A}/publications?dry_run=1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[A]}`, 'content-type': 'text/csv' },
        body: csv,
      }).then(async (r) => {
        uploadMs = performance.now() - started;
        return {
          status: r.status,
          body: (await r.json()) as { rapport: { statistiques: { erreurs: number } } },
        };
      });
      const searches: number[] = [];
      for (let i = 0; uploadMs === 0; i++) {
        const t = performance.now();
        const r = await fetch(`${site.url}/api/offres?q=permis&par_page=${10 + (i % 50)}`);
        expect(r.status).toBe(200);
        searches.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      const { status, body } = await upload;
      expect(status).toBe(422);
      expect(body.rapport.statistiques.erreurs).toBe(50_000);
      // Before the fix the HTTP thread was blocked for the whole validation: one search waited for
      // all of it. Now many searches are answered meanwhile, each in a small share of the upload time.
      expect(searches.length).toBeGreaterThanOrEqual(10);
      expect(Math.max(...searches)).toBeLessThan(uploadMs / 4);
    });

    it('a pending file is kept on disk, not in memory, and replaced by the next upload', async () => {
      const cookie = await signIn(site.url, A, tokens[A]!);
      const checked = await checkFile(site.url, cookie, fileA);
      expect(checked.status, checked.html.slice(0, 500)).toBe(200);
      expect(checked.html).toMatch(/Fichier valide/);
      expect(readdirSync(join(dataDir, 'pending'))).toHaveLength(1);
      const again = await checkFile(site.url, cookie, fileA);
      expect(again.status).toBe(200);
      expect(readdirSync(join(dataDir, 'pending'))).toHaveLength(1);
      // Another partner's valid file would pass the cap on pending bytes: refused in French.
      const cookieB = await signIn(site.url, B, tokens[B]!);
      const refused = await checkFile(site.url, cookieB, csvOf(demoOffers(B)));
      expect(refused.status).toBe(503);
      expect(refused.html).toMatch(/Trop de fichiers attendent d’être publiés/);
      const published = await pageAction(site.url, cookie, { action: 'publier' });
      expect(published.html).toMatch(/Version 2 publiée/);
      expect(readdirSync(join(dataDir, 'pending'))).toHaveLength(0);
    });

    it('POST /suggestions reads at most 64 KB, refuses other bodies with 400/415, never 500', async () => {
      const post = (body: string, type: string) =>
        fetch(`${site.url}/suggestions`, {
          method: 'POST',
          headers: { origin: site.url, 'content-type': type },
          body,
        });
      const checks: [Response, number][] = [
        // Before: read whole (300 MB took 1 GB of RSS) then a 400.
        [
          await post(
            `action=suggerer&commune=${'a'.repeat(1024 * 1024)}`,
            'application/x-www-form-urlencoded',
          ),
          413,
        ],
        [await post('{"commune":"80021"}', 'application/json'), 415],
        [await post('--x\r\nbroken', 'multipart/form-data; boundary=y'), 400],
      ];
      for (const [res, status] of checks) {
        expect(res.status).toBe(status);
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
        expect(await res.text()).toMatch(/Demande refusée/);
      }
      expect(site.output()).not.toMatch(/TypeError|at .*\.mjs/);
    });

    it('one session per partner: signing in again closes the previous session', async () => {
      const first = await signIn(site.url, C, tokens[C]!);
      const second = await signIn(site.url, C, tokens[C]!);
      const stale = await pageAction(site.url, first, { action: 'publier' });
      expect(stale.status).toBe(401);
      expect(stale.html).toMatch(/Votre session a expiré/);
      const fresh = await pageAction(site.url, second, { action: 'publier' });
      expect(fresh.html).toMatch(/Aucun fichier vérifié/);
    });
  });

  describe('authentication', () => {
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir },
      });
    const publications = (partner: string, token: string) =>
      fetch(`${site.url}/api/partenaires/${partner}/publications`, {
        headers: { authorization: `Bearer ${token}` },
      });

    it('partner rotate: the new token works, the old token and its open session are refused at once', async () => {
      const cookie = await signIn(site.url, C, tokens[C]!);
      const rotated = await cli('partner', 'rotate', C, '--json');
      expect(rotated.status, rotated.stderr).toBe(0);
      const { token } = JSON.parse(rotated.stdout) as { token: string };
      expect(token).not.toBe(tokens[C]);
      expect((await publications(C, tokens[C]!)).status).toBe(401);
      expect((await publications(C, token)).status).toBe(200);
      // Before: the old cookie still published. Now the session ends with its token.
      const stale = await pageAction(site.url, cookie, { action: 'publier' });
      expect(stale.status).toBe(401);
      expect(stale.html).toMatch(/Votre session a expiré/);
      tokens[C] = token;
    });

    it('partner revoke: no token, no session; the offers stay; rotate gives access back', async () => {
      const cookie = await signIn(site.url, C, tokens[C]!);
      const revoked = await cli('partner', 'revoke', C);
      expect(revoked.status, revoked.stderr).toBe(0);
      expect(revoked.stdout).toMatch(/révoqué/);
      expect((await publications(C, tokens[C]!)).status).toBe(401);
      expect((await pageAction(site.url, cookie, { action: 'publier' })).status).toBe(401);
      const unknown = await cli('partner', 'revoke', 'inconnu-xyz');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/partenaire inconnu/);
      const back = JSON.parse((await cli('partner', 'rotate', C, '--json')).stdout) as { token: string };
      expect((await publications(C, back.token)).status).toBe(200);
      tokens[C] = back.token;
    });
  });

  describe('personal data', () => {
    it('/api/sante publishes no cache counters (they told whether a search was made recently)', async () => {
      await fetch(`${site.url}/api/offres?q=permis`);
      const body = (await (await fetch(`${site.url}/api/sante`)).json()) as Record<string, unknown>;
      expect(body.statut).toBe('ok');
      expect(body).not.toHaveProperty('cache');
    });

    it('/api/communes (the person’s commune, typed in the diagnostic) is never cached by a shared cache', async () => {
      const res = await fetch(`${site.url}/api/communes?q=niort`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/no-store|private/);
      expect(res.headers.get('cache-control')).not.toMatch(/public/);
    });
  });
});
