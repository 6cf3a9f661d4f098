// A fresh DATA_DIR for one browser test file: the demo CSVs (data/demo) when they exist, else the
// site fixture, published through the loader like a partner would; plus a test partner and its token.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PartnerRegistry, PartnerStore, publishCsv } from '@spie/loader';
import { ROOT } from '../support/site-server.ts';

export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'site');
export const TEST_PARTNER = 'partenaire-test';

export interface Seeded {
  token: string;
  otherToken: string;
  offerCount: number;
  partners: string[];
}

function seedFiles(): { partner: string; path: string }[] {
  const demo = join(ROOT, 'data', 'demo');
  const demoFiles = existsSync(demo) ? readdirSync(demo).filter((f) => f.endsWith('.csv')) : [];
  // The XSS fixture rides along with the demo data, so escaping is checked on every page.
  const files = demoFiles.map((f) => ({
    partner: basename(f, '.csv')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-'),
    path: join(demo, f),
  }));
  files.push({ partner: 'site-fixture', path: join(FIXTURES, 'offres-site.csv') });
  return files;
}

export async function seedDataDir(dir: string): Promise<Seeded> {
  const store = new PartnerStore(dir);
  const registry = new PartnerRegistry(dir);
  let offerCount = 0;
  const partners: string[] = [];
  for (const { partner, path } of seedFiles()) {
    await registry.add(partner, `Partenaire ${partner}`);
    const result = await publishCsv({
      store,
      registry,
      partner,
      input: readFileSync(path),
      options: { by: 'seed' },
    });
    if (!result.published)
      throw new Error(`seed ${path}: ${JSON.stringify(result.report.errors.slice(0, 3))}`);
    offerCount += result.version?.rowCount ?? 0;
    partners.push(partner);
  }
  const token = await registry.add(TEST_PARTNER, 'Partenaire de test');
  const otherToken = await registry.add('autre-partenaire', 'Autre partenaire');
  return { token, otherToken, offerCount, partners };
}
