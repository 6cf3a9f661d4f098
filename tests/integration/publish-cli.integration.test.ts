// The partner publishing commands as a partner's IT or an operator runs them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'spie-publish-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const fixtures = join(root, 'tests/fixtures');

/** Async (not spawnSync): a blocked worker would miss vitest's RPC heartbeats. */
function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/cli.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, MEILI_URL: '' }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

describe('pnpm cli (partners and publishing)', () => {
  it('validate: exit 1 and a JSON report naming row, column, value, message', async () => {
    const r = await cli(
      'validate',
      join(fixtures, 'csv/vocabulaire-fautes.csv'),
      '--partner',
      'ml-niort',
      '--json',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.valid).toBe(false);
    expect(report.errors[0]).toEqual({
      row: 2,
      column: 'thematiques',
      value: 'mobilite--preparer-permis',
      message: expect.stringContaining('vouliez-vous dire « mobilite--preparer-un-permis » (Préparer un permis) ?'),
      suggestion: 'mobilite--preparer-un-permis',
    });
    expect(report.stats).toMatchObject({ rows: 2, errors: report.errors.length });
    const ok = await cli(
      'validate',
      join(fixtures, 'csv/excel-cp1252-point-virgule.csv'),
      '--partner',
      'ccas-poitiers',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('2 valide(s)');
  }, 120_000);

  it('partner add prints the token once; publish, history, rollback, template', async () => {
    const added = await cli('partner', 'add', 'ccas-poitiers', '--name', 'CCAS de Poitiers', '--json');
    expect(added.code).toBe(0);
    const { id, token } = JSON.parse(added.out);
    expect(id).toBe('ccas-poitiers');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await cli('partner', 'list')).out).toContain('ccas-poitiers\tCCAS de Poitiers');
    expect((await cli('partner', 'add', 'ccas-poitiers', '--name', 'Doublon')).code).toBe(1);

    // Once partners exist, only registered ones can publish.
    const stranger = await cli(
      'publish',
      join(fixtures, 'csv/excel-cp1252-point-virgule.csv'),
      '--partner',
      'inconnu',
    );
    expect(stranger.code).not.toBe(0);
    expect(stranger.err).toContain('partenaire inconnu');

    const v1 = await cli(
      'publish',
      join(fixtures, 'csv/excel-cp1252-point-virgule.csv'),
      '--partner',
      'ccas-poitiers',
      '--json',
    );
    expect(v1.code).toBe(0);
    expect(JSON.parse(v1.out)).toMatchObject({ published: true, version: { version: 1, rowCount: 2 } });

    const template = await cli('template');
    expect(template.out.split('\r\n')[0]).toMatch(/^\uFEFFid;structure_id;source;nom;description;/);
    const file = join(dataDir, 'modele.csv');
    writeFileSync(file, template.out);
    // The template as downloaded: its example row is refused, nothing is published.
    const asIs = await cli('publish', file, '--partner', 'ccas-poitiers');
    expect(asIs.code).toBe(1);
    expect(asIs.out).toContain('ligne d’exemple du modèle');
    writeFileSync(file, template.out.replace('ml-niort-garantie-jeunes', 'ccas-poitiers-permis'));
    const v2 = await cli('publish', file, '--partner', 'ccas-poitiers');
    expect(v2.code).toBe(0);
    expect(v2.out).toMatch(/version 2 .*\+1 nouvelle\(s\).*−2 retirée\(s\)/);

    const bad = await cli(
      'publish',
      join(fixtures, 'csv/doublons-et-formats.csv'),
      '--partner',
      'ccas-poitiers',
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Rien n’a été publié');

    const history = JSON.parse((await cli('history', '--partner', 'ccas-poitiers', '--json')).out);
    expect(history.map((v: { version: number; rowCount: number }) => [v.version, v.rowCount])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    const back = await cli('rollback', '--partner', 'ccas-poitiers', '--to', '1', '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toMatchObject({ version: 3, rollbackOf: 1, sha256: history[0].sha256 });
    expect((await cli('rollback', '--partner', 'ccas-poitiers', '--to', '7')).code).toBe(1);
  }, 300_000);
});
