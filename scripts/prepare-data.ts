#!/usr/bin/env tsx
import { existsSync } from 'node:fs';
// `pnpm run prepare:data` (run by `npm start`): when the partner store under DATA_DIR holds no
// offers, registers the demo partners and publishes every data/demo CSV through the loader, as a
// partner would. Idempotent: a prepared store is left alone; an interrupted run is completed.
//
// Demo partner tokens are written once to DATA_DIR/demo-tokens.txt (mode 600), never printed in
// full: they only protect demo data, and the file lets anyone try the partner upload page locally.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PartnerRegistry, PartnerStore, publishCsv } from '@spie/loader';
import { resolveDataDir } from './lib/data-dir.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface DemoPartnerEntry {
  id: string;
  nom: string;
  fichier: string;
}

export interface PrepareResult {
  /** `deja-pret`: the store already had offers (nothing done). */
  status: 'prepare' | 'deja-pret';
  dataDir: string;
  published: { partner: string; offers: number }[];
  /** Partners created in this run (their tokens are in `tokensFile`). */
  created: string[];
  tokensFile?: string;
  /** Offers in the store at the end. */
  totalOffers: number;
}

const SEEDED_MARKER = '.demo-seeded';

/**
 * Whether `npm start` may seed the demo partners (with live tokens) into `dataDir`: only into the
 * default data/store, or anywhere when SPIE_DEMO=1. An empty DATA_DIR pointed elsewhere is taken
 * for a real deployment (issue 14). `pnpm run prepare:data`, run by hand, seeds wherever it points.
 */
export function demoAllowedAtStart(dataDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SPIE_DEMO === '1' || resolve(dataDir) === resolveDataDir({});
}
export const TOKENS_FILE = 'demo-tokens.txt';

export async function prepareData(options: {
  dataDir: string;
  demoDir?: string;
  log?: (line: string) => void;
}): Promise<PrepareResult> {
  const { dataDir } = options;
  const demoDir = options.demoDir ?? join(REPO_ROOT, 'data/demo');
  const log = options.log ?? (() => {});
  const store = new PartnerStore(dataDir, { onWarning: (m) => log(`⚠ ${m}`) });
  const registry = new PartnerRegistry(dataDir);
  const demo = JSON.parse(await readFile(join(demoDir, 'partners.json'), 'utf8')) as DemoPartnerEntry[];
  const demoIds = new Set(demo.map((p) => p.id));

  // Seed when nothing is published, or finish a seed that stopped half-way (only demo partners
  // published and no completion marker). A store with real partners' data is never touched.
  const publishedPartners = await store.partners();
  const interrupted =
    !existsSync(join(dataDir, SEEDED_MARKER)) && publishedPartners.every((p) => demoIds.has(p));
  if (!(await store.isEmpty()) && !interrupted) {
    return {
      status: 'deja-pret',
      dataDir,
      published: [],
      created: [],
      totalOffers: (await store.currentOffers()).length,
    };
  }

  const created: { id: string; nom: string; token: string }[] = [];
  const published: PrepareResult['published'] = [];
  for (const partner of demo) {
    if (!(await registry.get(partner.id))) {
      created.push({ id: partner.id, nom: partner.nom, token: await registry.add(partner.id, partner.nom) });
    }
    if (await store.current(partner.id)) continue;
    const result = await publishCsv({
      store,
      registry,
      partner: partner.id,
      input: await readFile(join(demoDir, partner.fichier)),
      options: { by: 'demo' },
    });
    if (!result.published) {
      const first = result.report.errors.slice(0, 3).map((e) => `ligne ${e.row} ${e.column} : ${e.message}`);
      throw new Error(`données de démonstration invalides (${partner.fichier}) : ${first.join(' ; ')}`);
    }
    published.push({ partner: partner.id, offers: result.version?.rowCount ?? 0 });
    log(`  ${partner.id} : ${result.version?.rowCount ?? 0} offres publiées`);
  }

  let tokensFile: string | undefined;
  if (created.length > 0) {
    tokensFile = join(dataDir, TOKENS_FILE);
    const previous = existsSync(tokensFile) ? await readFile(tokensFile, 'utf8') : header();
    const lines = created.map((c) => `${c.id}\t${c.token}\t${c.nom}`);
    await writeFile(tokensFile, `${previous}${lines.join('\n')}\n`, { mode: 0o600 });
    await chmod(tokensFile, 0o600);
  }
  await writeFile(join(dataDir, SEEDED_MARKER), `${new Date().toISOString()}\n`);
  return {
    status: 'prepare',
    dataDir,
    published,
    created: created.map((c) => c.id),
    ...(tokensFile ? { tokensFile } : {}),
    totalOffers: (await store.currentOffers()).length,
  };
}

const header = () =>
  [
    '# Jetons des partenaires de DÉMONSTRATION — ne jamais utiliser en production.',
    '# Chaque jeton permet de publier les offres de son partenaire (page « Publier » ou API).',
    '# Format : identifiant<TAB>jeton<TAB>nom',
    '',
  ].join('\n');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dataDir = resolveDataDir();
  if (process.argv.includes('--start') && !demoAllowedAtStart(dataDir)) {
    console.log(
      `Pas de données de démonstration dans ${dataDir} : DATA_DIR n’est pas data/store (SPIE_DEMO=1 pour en publier quand même, ou pnpm run prepare:data).`,
    );
    process.exit(0);
  }
  const started = performance.now();
  const result = await prepareData({ dataDir, log: (l) => console.log(l) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 'deja-pret') {
    console.log(`Données prêtes : ${result.totalOffers} offres dans ${dataDir} (rien à faire).`);
  } else {
    console.log(
      `Données de démonstration publiées : ${result.totalOffers} offres de ${result.published.length} partenaires dans ${dataDir} (${seconds} s).`,
    );
    if (result.tokensFile)
      console.log(
        `⚠ Jetons des ${result.created.length} partenaires de démonstration : ${result.tokensFile} (démo uniquement).`,
      );
  }
}
