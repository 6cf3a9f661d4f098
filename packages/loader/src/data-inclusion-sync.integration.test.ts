// The data·inclusion sync against a local server implementing the API v1 (testing/data-inclusion-server.ts),
// with the recorded catalogue shipped for the demo: pagination, filters, auth failure, 429, 500, a
// truncated page, a cut body, a schema change, withdrawals, and the open-data files.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedSearchEngine } from '@spie/search';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataInclusionApi, DataInclusionOpenData } from './data-inclusion-source.ts';
import { readSyncStatus, syncDataInclusion } from './data-inclusion-sync.ts';
import { PartnerStore } from './store.ts';
import {
  type DataInclusionTestServer,
  type RecordedCatalogue,
  startDataInclusionServer,
} from './testing/data-inclusion-server.ts';

const RECORDED = new URL('../../../tests/fixtures/data-inclusion-api/recorded.json', import.meta.url);
let recorded: RecordedCatalogue;
let server: DataInclusionTestServer;
let dir: string;
let store: PartnerStore;
let sleeps: number[];

const api = (over: Partial<ConstructorParameters<typeof DataInclusionApi>[0]> = {}) =>
  new DataInclusionApi({
    baseUrl: server.url,
    token: server.token,
    pageSize: 4,
    maxAttempts: 3,
    backoffMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });

beforeAll(async () => {
  recorded = JSON.parse(await readFile(RECORDED, 'utf8')) as RecordedCatalogue;
});
beforeEach(async () => {
  server = await startDataInclusionServer(structuredClone(recorded));
  dir = await mkdtemp(join(tmpdir(), 'spie-di-sync-'));
  store = new PartnerStore(dir);
  sleeps = [];
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const servicesOf = (source: string, departement?: string) =>
  recorded.services.filter(
    (s) =>
      s.source === source &&
      (!departement ||
        String(recorded.structures.find((t) => t.id === s.structure_id)?.code_insee).startsWith(departement)),
  );

describe('data·inclusion sync (API v1)', () => {
  it('publishes each source as its own partner, page by page, through the partner validation', async () => {
    const engine = new EmbeddedSearchEngine();
    const report = await syncDataInclusion({ source: api(), store, engine });
    expect(report.sources.map((s) => [s.partner, s.status])).toEqual([
      ['data-inclusion:dora', 'publiee'],
      ['data-inclusion:france-travail', 'publiee'],
      ['data-inclusion:mes-aides', 'publiee'],
      ['data-inclusion:soliguide', 'publiee'],
    ]);
    // pagination: dora has more services than a page of 4, every page was asked once
    const doraPages = server.requests.filter(
      (r) => r.path === '/api/v1/services' && r.query.getAll('sources').includes('dora'),
    );
    const doraCount = servicesOf('dora').length;
    expect(doraPages.map((r) => r.query.get('page'))).toEqual(
      Array.from({ length: Math.ceil(doraCount / 4) }, (_, i) => String(i + 1)),
    );
    const dora = report.sources[0]!;
    // the one service with a misspelt thématique is reported on its row, the others are published
    expect(dora.report!.errors).toEqual([
      expect.objectContaining({ column: 'thematiques', value: expect.stringContaining('numeriqu') }),
    ]);
    expect(dora.version!.rowCount).toBe(doraCount - 1);
    // fields the offer model does not know (score_qualite…) are ignored with a warning, not refused
    expect(dora.report!.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ column: 'score_qualite' })]),
    );
    // the structure is joined: name, SIRET, networks and, for a service without address, its address
    const offers = await store.partnerOffers('data-inclusion:dora');
    expect(offers.find((o) => o.id === 'dora--permis-b-ml')).toMatchObject({
      partenaire: 'data-inclusion:dora',
      structure_nom: 'Mission locale du Niortais',
      structure_siret: '30012345600028',
      reseaux_porteurs: ['mission-locale'],
      code_insee: '79191',
    });
    expect(await engine.count()).toBe(report.sources.reduce((n, s) => n + (s.version?.rowCount ?? 0), 0));
    expect((await store.history('data-inclusion:soliguide')).map((v) => v.version)).toEqual([1]);
    const status = await readSyncStatus(dir);
    expect(status.map((s) => [s.source, s.lastStatus, s.offers])).toEqual(
      report.sources.map((s) => [s.source, 'publiee', s.version!.rowCount]),
    );
  });

  it('asks only the sources and départements given', async () => {
    const report = await syncDataInclusion({ source: api(), store, sources: ['dora'], departements: ['80'] });
    expect(report.sources.map((s) => s.partner)).toEqual(['data-inclusion:dora']);
    const data = server.requests.filter((r) => r.path !== '/api/v1/sources');
    expect(
      data.every(
        (r) => r.query.get('code_departement') === '80' && r.query.getAll('sources').join() === 'dora',
      ),
    ).toBe(true);
    expect(server.requests.some((r) => r.path === '/api/v1/sources')).toBe(false);
    expect((await store.partnerOffers('data-inclusion:dora')).map((o) => o.id).sort()).toEqual(
      servicesOf('dora', '80')
        .map((s) => s.id)
        .sort(),
    );
    expect(await store.partners()).toEqual(['data-inclusion:dora']);
  });

  it('stops on a refused token, publishing nothing', async () => {
    const report = await syncDataInclusion({
      source: api({ token: 'mauvais' }),
      store,
      sources: ['dora', 'soliguide'],
    });
    expect(report.sources).toEqual([
      expect.objectContaining({ status: 'echec', error: expect.stringContaining('DATA_INCLUSION_TOKEN') }),
    ]);
    expect(server.requests.every((r) => r.status === 401)).toBe(true);
    expect(await store.partners()).toEqual([]);
  });

  it('honours 429 Retry-After and retries 5xx with growing backoff', async () => {
    server.faults.push(
      { path: 'services', page: 2, fault: { kind: 'status', status: 429, retryAfter: '7' } },
      { path: 'structures', page: 1, fault: { kind: 'status', status: 503 }, times: 2 },
    );
    const report = await syncDataInclusion({ source: api(), store, sources: ['dora'] });
    expect(report.sources[0]!.status).toBe('publiee');
    expect(sleeps[0]).toBeGreaterThanOrEqual(100); // first 503: backoff
    expect(sleeps[1]).toBeGreaterThanOrEqual(200); // second 503: doubled
    expect(sleeps).toContain(7000); // 429: exactly the Retry-After
    const page2 = server.requests.filter((r) => r.path === '/api/v1/services' && r.query.get('page') === '2');
    expect(page2.map((r) => r.status)).toEqual([429, 200]);
  });

  it('keeps the previous version when a download fails (500, truncated page), and publishes the other sources', async () => {
    const sources = ['dora', 'france-travail', 'soliguide'];
    await syncDataInclusion({ source: api(), store, sources });
    const before = await store.current('data-inclusion:dora');
    // dora's structures are asked first: they get every 500; france-travail's second page is always short
    server.faults.push({ path: 'structures', fault: { kind: 'status', status: 500 }, times: 3 });
    server.faults.push({ path: 'services', page: 2, fault: { kind: 'short-page' }, times: 99 });
    const report = await syncDataInclusion({ source: api(), store, sources });
    const [dora, ft, soliguide] = report.sources;
    expect(dora).toMatchObject({ status: 'echec', error: expect.stringContaining('HTTP 500') });
    expect(dora!.message).toContain('rien n’est publié');
    expect(ft).toMatchObject({ status: 'echec', error: expect.stringContaining('incomplète') });
    expect(soliguide).toMatchObject({ status: 'publiee' });
    expect(await store.current('data-inclusion:dora')).toEqual(before);
    expect((await store.history('data-inclusion:france-travail')).length).toBe(1);
    expect((await store.history('data-inclusion:soliguide')).length).toBe(2);
    const status = await readSyncStatus(dir);
    expect(status.find((s) => s.source === 'dora')).toMatchObject({
      lastStatus: 'echec',
      lastSuccess: before!.publishedAt,
      version: 1,
    });
  });

  it('retries a body cut in the middle, and ignores fields added by a schema change', async () => {
    for (const s of server.catalogue.services) s.nouveau_champ_v2 = { niveau: 3 };
    delete server.catalogue.services[0]!.lien_source;
    server.faults.push({ path: 'services', page: 1, fault: { kind: 'cut-body' } });
    const report = await syncDataInclusion({ source: api(), store, sources: ['france-travail'] });
    const [ft] = report.sources;
    expect(ft!.status).toBe('publiee');
    expect(ft!.report!.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: 'nouveau_champ_v2', message: expect.stringContaining('ignoré') }),
      ]),
    );
    expect(ft!.version!.rowCount).toBe(servicesOf('france-travail').length);
    expect(sleeps.length).toBe(1);
  });

  it('withdraws the offers a source no longer publishes, and says so', async () => {
    await syncDataInclusion({ source: api(), store, sources: ['mes-aides'] });
    server.catalogue.services = server.catalogue.services.filter(
      (s) => s.id !== 'mes-aides--c0ffee-microcredit',
    );
    const [r] = (await syncDataInclusion({ source: api(), store, sources: ['mes-aides'] })).sources;
    expect(r!.version!.counts).toMatchObject({ removed: 1, added: 0 });
    expect(r!.message).toContain('1 retirée(s) car plus publiée(s) par la source');
    expect(
      (await store.partnerOffers('data-inclusion:mes-aides')).some(
        (o) => o.id === 'mes-aides--c0ffee-microcredit',
      ),
    ).toBe(false);
    expect(await store.history('data-inclusion:mes-aides')).toHaveLength(2);
  });
});

describe('data·inclusion sync (open-data files)', () => {
  let files: string;
  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'spie-di-files-'));
    await writeFile(join(files, 'structures.json'), JSON.stringify(recorded.structures));
    await writeFile(join(files, 'services.json'), JSON.stringify(recorded.services));
  });
  afterAll(() => rm(files, { recursive: true, force: true }));

  it('publishes the same offers as the API', async () => {
    const source = new DataInclusionOpenData(
      { structures: join(files, 'structures.json'), services: join(files, 'services.json') },
      (p) => readFile(p, 'utf8'),
    );
    const fromFiles = await syncDataInclusion({ source, store, departements: ['79'] });
    const apiDir = await mkdtemp(join(tmpdir(), 'spie-di-sync-api-'));
    try {
      const apiStore = new PartnerStore(apiDir);
      const fromApi = await syncDataInclusion({ source: api(), store: apiStore, departements: ['79'] });
      expect(fromFiles.sources.map((s) => [s.partner, s.version?.rowCount])).toEqual(
        fromApi.sources.map((s) => [s.partner, s.version?.rowCount]),
      );
      expect(await store.currentOffers()).toEqual(await apiStore.currentOffers());
    } finally {
      await rm(apiDir, { recursive: true, force: true });
    }
  });
});
