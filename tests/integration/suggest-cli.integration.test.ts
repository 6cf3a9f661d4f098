// `pnpm cli suggest` reads the partner store under DATA_DIR and prints the same JSON as findSuggestions;
// without --json it prints French; a bad diagnostic gets field messages without its values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedSearchEngine, findSuggestions } from '@spie/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAvailable, persona, publishDemo } from '../fixtures/diagnostics/demo-store.ts';

const repo = new URL('../../', import.meta.url).pathname;
const TODAY = '2026-11-27';
let store: Awaited<ReturnType<typeof publishDemo>>;
let tmp: string;

const cli = (...args: string[]) =>
  spawnSync('pnpm', ['exec', 'tsx', 'scripts/cli.ts', 'suggest', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: store.dir },
    maxBuffer: 32 * 1024 * 1024,
  });

beforeAll(async () => {
  store = await publishDemo();
  tmp = mkdtempSync(join(tmpdir(), 'spie-suggest-cli-'));
});
afterAll(() => {
  store?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe.runIf(demoAvailable())('pnpm cli suggest', () => {
  it('--json prints exactly what findSuggestions returns', async () => {
    const file = join(tmp, 'persona.json');
    writeFileSync(file, JSON.stringify(persona('refugiee-essonne-francais-numerique')));
    const r = cli(file, '--json', '--date', TODAY);
    expect(r.status, r.stderr).toBe(0);
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll(store.offers);
    const expected = await findSuggestions(persona('refugiee-essonne-francais-numerique'), engine, {
      today: TODAY,
    });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('prints a French summary by default', () => {
    const file = join(tmp, 'mere.json');
    writeFileSync(file, JSON.stringify(persona('mere-isolee-rsa-deux-sevres')));
    const r = cli(file, '--date', TODAY);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Parcours proposé :');
    expect(r.stdout).toContain('Garde d’enfants :');
    expect(r.stdout).toMatch(/dans votre budget de trajet à vélo/);
  });

  it('refuses a bad diagnostic with field messages, without repeating its values', () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        code_commune: 'Dupont',
        besoins: [],
        mobilite: { mode: 'Martine' },
        acces_numerique: true,
      }),
    );
    const r = cli(file, '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('code_commune : code INSEE de commune invalide');
    expect(r.stderr).toContain('mobilite.mode : valeur non reconnue');
    expect(r.stderr).not.toMatch(/Dupont|Martine/);
    expect(r.stdout).toBe('');
  });
});
