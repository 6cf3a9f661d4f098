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
    expect(report.valide).toBe(false);
    expect(report.erreurs[0]).toEqual({
      ligne: 2,
      colonne: 'thematiques',
      valeur: 'mobilite--preparer-permis',
      message: expect.stringContaining(
        'vouliez-vous dire « mobilite--preparer-un-permis » (Préparer un permis) ?',
      ),
      suggestion: 'mobilite--preparer-un-permis',
    });
    expect(report.statistiques).toMatchObject({ lignes: 2, erreurs: report.erreurs.length });
    const ok = await cli(
      'validate',
      join(fixtures, 'csv/excel-cp1252-point-virgule.csv'),
      '--partner',
      'ccas-poitiers',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('2 valide(s)');

    // The French Excel file (Windows-1252, `;`, JJ/MM/AAAA dates, decimal commas, labels) publishes.
    const excel = await cli(
      'publish',
      join(fixtures, 'csv/excel-francais-dates-libelles.csv'),
      '--partner',
      'aci-melle',
      '--json',
    );
    expect(excel.code).toBe(0);
    const published = JSON.parse(excel.out);
    expect(published).toMatchObject({ publie: true, ajoutees: 3, version: { version: 1, offres: 3 } });
    expect(published.rapport.erreurs).toEqual([]);
  }, 180_000);

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
    expect(JSON.parse(v1.out)).toMatchObject({ publie: true, version: { version: 1, offres: 2 } });

    const template = await cli('template');
    expect(template.out.split('\r\n')[0]).toMatch(/^\uFEFFid;structure_id;source;nom;description;/);
    const file = join(dataDir, 'modele.csv');
    writeFileSync(file, template.out);
    // The template as downloaded: its example row is refused, nothing is published.
    const asIs = await cli('publish', file, '--partner', 'ccas-poitiers');
    expect(asIs.code).toBe(1);
    expect(asIs.out).toContain('ligne d’exemple du modèle');
    writeFileSync(file, template.out.replace('ml-niort-garantie-jeunes', 'ccas-poitiers-permis'));

    // Replace with a one-offer file: the dry run lists the change; withdrawing 2 of 2 needs a confirmation.
    const dry = await cli('publish', file, '--partner', 'ccas-poitiers', '--dry-run', '--json');
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.out)).toMatchObject({
      publie: false,
      mode: 'remplacer',
      ajoutees: 1,
      modifiees: 0,
      retirees: 2,
      confirmation_requise: true,
      liste_ajoutees: [{ id: 'ccas-poitiers-permis', nom: 'Accompagnement vers le permis B' }],
      liste_retirees: [
        { id: 'ccas-poitiers-epicerie', nom: 'Épicerie sociale et solidaire' },
        { id: 'ccas-poitiers-numerique', nom: 'Atelier numérique « premiers pas »' },
      ],
    });
    const held = await cli('publish', file, '--partner', 'ccas-poitiers');
    expect(held.code).toBe(1);
    expect(held.out).toContain('--confirmer-retraits');
    expect(held.out).toContain('− Épicerie sociale et solidaire (ccas-poitiers-epicerie)');

    // Complement: the offer is added, the two others stay.
    const v2 = await cli('publish', file, '--partner', 'ccas-poitiers', '--mode', 'complement');
    expect(v2.code).toBe(0);
    expect(v2.out).toMatch(/version 2 .*3 offre\(s\) \(\+1 nouvelle\(s\).*−0 retirée\(s\)/);

    const bad = await cli(
      'publish',
      join(fixtures, 'csv/doublons-et-formats.csv'),
      '--partner',
      'ccas-poitiers',
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Rien n’a été publié');

    // Replace withdrawing 1 of 3 (not more than a third): no confirmation needed.
    const v3 = await cli(
      'publish',
      join(fixtures, 'csv/excel-cp1252-point-virgule.csv'),
      '--partner',
      'ccas-poitiers',
    );
    expect(v3.code).toBe(0);
    expect(v3.out).toContain('− Accompagnement vers le permis B (ccas-poitiers-permis)');
    // The same file again changes nothing: nothing is published.
    const same = await cli(
      'publish',
      join(fixtures, 'csv/excel-cp1252-point-virgule.csv'),
      '--partner',
      'ccas-poitiers',
    );
    expect(same.code).toBe(0);
    expect(same.out).toContain('Aucun changement');

    const history = JSON.parse((await cli('history', '--partner', 'ccas-poitiers', '--json')).out);
    expect(history.map((v: { version: number; offres: number }) => [v.version, v.offres])).toEqual([
      [1, 2],
      [2, 3],
      [3, 2],
    ]);
    const back = await cli('rollback', '--partner', 'ccas-poitiers', '--to', '2', '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toMatchObject({
      version: 4,
      retour_a_la_version: 2,
      sha256: history[1].sha256,
    });
    expect((await cli('rollback', '--partner', 'ccas-poitiers', '--to', '7')).code).toBe(1);
  }, 300_000);
});
