// publishCsv, limits, streaming edge cases, CSV writing, and property-based robustness (fast-check).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Offer, VOCABULARIES } from '@spie/core';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowedValues, allowedValuesCsv, offersToCsv, templateCsv } from './csv-writer.ts';
import { SNIFF_BYTES } from './encoding.ts';
import { publishCsv } from './publish.ts';
import { PartnerRegistry } from './registry.ts';
import { PartnerStore } from './store.ts';
import { validateOffersFile } from './validate.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const DESC = 'Accompagnement individuel pour préparer le code et la conduite, avec une aide au financement.';
const HEADER = 'id,structure_id,nom,description,date_maj,thematiques';
const row = (id: string, extra = '') =>
  `${id},s-1,Offre ${id},"${DESC}",2026-10-01,mobilite--preparer-un-permis${extra}`;
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

let dir: string;
let store: PartnerStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spie-publish-'));
  store = new PartnerStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What the store serves and remembers (an aborted publish may leave an empty partner folder). */
async function snapshot(s: PartnerStore) {
  const histories = await Promise.all((await s.partners()).map((p) => s.history(p)));
  return JSON.stringify([histories.filter((h) => h.length > 0), await s.currentOffers()]);
}

describe('publishCsv', () => {
  it('publishes a valid file and refuses an invalid one without touching the store', async () => {
    const ok = await publishCsv({
      store,
      partner: 'ml-niort',
      input: csv(row('a'), row('b')),
      options: { now: NOW },
    });
    expect(ok).toMatchObject({ published: true, index: 'sans-moteur', version: { version: 1, rowCount: 2 } });
    const before = await snapshot(store);
    const bad = await publishCsv({
      store,
      partner: 'ml-niort',
      input: csv(row('a'), 'b,s-1,Offre b,courte,2026-10-01,mobilite--permis'),
      options: { now: NOW },
    });
    expect(bad.published).toBe(false);
    expect(bad.report.errors[0]).toMatchObject({ row: 3, column: 'thematiques' });
    expect(await snapshot(store)).toBe(before);

    // --skip-invalid publishes the valid rows and reports the rest.
    const partial = await publishCsv({
      store,
      partner: 'ml-niort',
      input: csv(row('a'), 'b,s-1,Offre b,courte,2026-10-01,mobilite--permis', row('c')),
      options: { now: NOW, skipInvalid: true, confirmRemovals: true },
    });
    expect(partial).toMatchObject({
      published: true,
      version: { version: 2, counts: { added: 1, removed: 1 } },
    });
    expect(partial.report.stats).toMatchObject({ rows: 3, validRows: 2, invalidRows: 1 });
    expect((await store.partnerOffers('ml-niort')).map((o) => o.id)).toEqual(['a', 'c']);
  });

  it('reports ids owned by another partner on their rows', async () => {
    await publishCsv({ store, partner: 'ml-niort', input: csv(row('a')), options: { now: NOW } });
    const r = await publishCsv({
      store,
      partner: 'ccas-poitiers',
      input: csv(row('z'), row('a')),
      options: { now: NOW },
    });
    expect(r.published).toBe(false);
    expect(r.report.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'id',
        value: 'a',
        message: expect.stringContaining('« ml-niort »'),
      }),
    ]);
    const skip = await publishCsv({
      store,
      partner: 'ccas-poitiers',
      input: csv(row('z'), row('a')),
      options: { now: NOW, skipInvalid: true },
    });
    expect(skip.published).toBe(true);
    expect((await store.partnerOffers('ccas-poitiers')).map((o) => o.id)).toEqual(['z']);
    expect((await store.partnerOffers('ml-niort'))[0]!.partenaire).toBe('ml-niort');
  });

  it('refuses unknown partners when a registry is given, and never trusts `partenaire` from the file', async () => {
    const registry = new PartnerRegistry(dir);
    await registry.add('ml-niort', 'Mission locale');
    await expect(publishCsv({ store, registry, partner: 'autre', input: csv(row('a')) })).rejects.toThrow(
      /partenaire inconnu/,
    );
    const r = await publishCsv({
      store,
      registry,
      partner: 'ml-niort',
      input: `${HEADER},partenaire\n${row('a', ',ccas-poitiers')}\n`,
      options: { now: NOW },
    });
    expect(r.published).toBe(true);
    expect((await store.partnerOffers('ml-niort'))[0]!.partenaire).toBe('ml-niort');
  });
});

describe('limits and streaming', () => {
  it('stops with a clear error when a limit is exceeded', async () => {
    const big = csv(...Array.from({ length: 30 }, (_, i) => row(`r${i}`)));
    const size = await validateOffersFile(big, { limits: { maxFileBytes: 1000 } });
    expect(size.report.errors[0]!.message).toMatch(/fichier trop volumineux : 1 Ko au plus/);
    const rows = await validateOffersFile(big, { limits: { maxRows: 10 } });
    expect(rows.report.errors[0]!.message).toMatch(/trop de lignes : 10 offres au plus/);
    expect(rows.offers).toEqual([]);
    const cell = await validateOffersFile(
      csv(row('a'), `b,s-1,Offre b,${'x'.repeat(200)},2026-10-01,mobilite`),
      {
        limits: { maxCellChars: 100 },
      },
    );
    expect(cell.report.errors[0]).toMatchObject({
      row: 3,
      column: 'description',
      message: expect.stringMatching(/cellule trop longue/),
    });
    const cols = await validateOffersFile(csv(row('a')), { limits: { maxColumns: 3 } });
    expect(cols.report.errors[0]!.message).toMatch(/trop de colonnes : 6, 3 au plus/);
  });

  it('explains an unclosed quote with the line where reading stopped', async () => {
    const r = await validateOffersFile(csv(row('a'), row('c'), 'b,s-1,"Offre b,x,2026-10-01,mobilite'));
    expect(r.report.errors).toEqual([
      expect.objectContaining({ row: 4, message: expect.stringMatching(/guillemet ouvert jamais refermé/) }),
    ]);
    expect(r.report.errors[0]!.line).toBeGreaterThanOrEqual(4); // where the parser gave up
    expect(r.offers).toEqual([]);
  });

  it('gives the same result for a stream cut at every byte as for the whole buffer', async () => {
    const text = csv(
      row('é-1'.replace('é', 'e')),
      `b,s-1,Épicerie « solidaire »,"${DESC}\nsur deux lignes",2026-10-01,equipement-et-alimentation--alimentation`,
    );
    for (const encoding of ['utf8', 'win1252'] as const) {
      const bytes = iconv.encode(text, encoding);
      const whole = await validateOffersFile(bytes, { now: NOW });
      async function* oneByteAtATime() {
        for (const b of bytes) yield Uint8Array.of(b);
      }
      const streamed = await validateOffersFile(oneByteAtATime(), { now: NOW });
      expect(streamed.report).toEqual(whole.report);
      expect(streamed.offers[1]!.nom).toBe('Épicerie « solidaire »');
    }
  });

  it('reports invalid UTF-8 appearing after the sniffed head instead of garbling it', async () => {
    const head = csv(...Array.from({ length: Math.ceil(SNIFF_BYTES / 150) + 10 }, (_, i) => row(`r${i}`)));
    const bytes = Buffer.concat([Buffer.from(head), iconv.encode(`${row('z')}é\n`, 'win1252')]);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
    }
    const r = await validateOffersFile(chunks(), { now: NOW });
    expect(r.report.valid).toBe(false);
    expect(r.report.errors.at(-1)!.message).toMatch(/encodage incohérent/);
    expect(r.offers).toEqual([]);
  });
});

describe('never withdraw by accident: modes, diff, confirmation', () => {
  const publish = (input: string, options: Parameters<typeof publishCsv>[0]['options'] = {}) =>
    publishCsv({ store, partner: 'ml-niort', input, options: { now: NOW, ...options } });
  const ids = async () => (await store.partnerOffers('ml-niort')).map((o) => o.id);

  it('dry run shows added, updated (with fields) and withdrawn offers by name, and writes nothing', async () => {
    await publish(csv(row('a'), row('b'), row('c'), row('d')));
    const before = await snapshot(store);
    const dry = await publish(
      csv(row('a'), row('b').replace('Offre b', 'Offre b renommée'), row('c'), row('d'), row('e')),
      { dryRun: true },
    );
    expect(dry.published).toBe(false);
    expect(dry.diff).toMatchObject({
      mode: 'replace',
      previous: 4,
      added: 1,
      changed: 1,
      removed: 0,
      unchanged: 3,
      addedList: [{ id: 'e', nom: 'Offre e' }],
      changedList: [{ id: 'b', nom: 'Offre b', fields: ['nom'] }],
      removedList: [],
    });
    expect(await snapshot(store)).toBe(before);
    // The same file published gives the same counts in the history.
    const real = await publish(
      csv(row('a'), row('b').replace('Offre b', 'Offre b renommée'), row('c'), row('d'), row('e')),
    );
    expect(real.version?.counts).toEqual({ added: 1, changed: 1, removed: 0, unchanged: 3 });
  });

  it('complement adds and updates, and leaves the offers absent from the file', async () => {
    await publish(csv(row('a'), row('b'), row('c')));
    const r = await publish(csv(row('b').replace('Offre b', 'Offre B'), row('z')), { mode: 'complement' });
    expect(r.published).toBe(true);
    expect(r.diff).toMatchObject({ mode: 'complement', added: 1, changed: 1, removed: 0, unchanged: 2 });
    expect(await ids()).toEqual(['b', 'z', 'a', 'c']);
    expect((await store.partnerOffers('ml-niort')).find((o) => o.id === 'b')?.nom).toBe('Offre B');
  });

  it('replace withdrawing more than a third needs a confirmation; a third or less does not', async () => {
    await publish(csv(row('a'), row('b'), row('c'), row('d'), row('e'), row('f')));
    // One row left: 5 of 6 withdrawn → held, nothing published, the withdrawn offers listed.
    const held = await publish(csv(row('a')));
    expect(held).toMatchObject({ published: false, held: 'needs-confirmation', diff: { removed: 5 } });
    expect(held.diff?.removedList.map((o) => o.nom)).toEqual([
      'Offre b',
      'Offre c',
      'Offre d',
      'Offre e',
      'Offre f',
    ]);
    expect(await ids()).toHaveLength(6);
    // Exactly a third (2 of 6): published without asking.
    const third = await publish(csv(row('a'), row('b'), row('c'), row('d')));
    expect(third).toMatchObject({ published: true, diff: { removed: 2 } });
    // Confirmed: published.
    const confirmed = await publish(csv(row('a')), { confirmRemovals: true });
    expect(confirmed).toMatchObject({ published: true, version: { counts: { removed: 3 } } });
    expect(await ids()).toEqual(['a']);
  });

  it('a file that changes nothing publishes nothing (no new version)', async () => {
    await publish(csv(row('a'), row('b')));
    const again = await publish(csv(row('b'), row('a')));
    expect(again).toMatchObject({ published: false, held: 'no-change', diff: { unchanged: 2 } });
    expect(await store.history('ml-niort')).toHaveLength(1);
  });
});

describe('CSV we write', () => {
  it('the template is generated from the schema, `;` UTF-8 with BOM, its example row refused as such', async () => {
    const t = templateCsv();
    expect(t.startsWith('\uFEFFid;structure_id;source;nom;description')).toBe(true);
    const lines = t.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(';01/10/2026;'); // dates as French Excel shows them
    const r = await validateOffersFile(t, { now: NOW });
    expect(r.report.stats).toMatchObject({ encoding: 'utf-8', delimiter: ';', rows: 1 });
    expect(r.report.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'id',
        message: expect.stringMatching(/ligne d’exemple du modèle/),
      }),
    ]);
    // Nothing else is wrong with it: with its own id, the example row is a valid offer.
    const own = await validateOffersFile(t.replace('ml-niort-garantie-jeunes', 'ml-niort-permis'), {
      now: NOW,
    });
    expect(own.report.errors).toEqual([]);
    expect(own.offers[0]).toMatchObject({
      id: 'ml-niort-permis',
      code_insee: '79191',
      age_min: 16,
      date_maj: '2026-10-01',
    });
  });

  it('lists every allowed value of every coded column with its French label', () => {
    const values = allowedValues();
    expect(values).toContainEqual({ colonne: 'frais', code: 'gratuit', libelle: 'Gratuit' });
    expect(values).toContainEqual({
      colonne: 'thematiques',
      code: 'mobilite--preparer-un-permis',
      libelle: 'Préparer un permis',
    });
    for (const [field, codes] of Object.entries(VOCABULARIES))
      expect(values.filter((v) => v.colonne === field).map((v) => v.code)).toEqual([...codes]);
    expect(allowedValuesCsv().startsWith('\uFEFFcolonne;code;libellé\r\n')).toBe(true);
  });

  it('neutralises formula-looking cells and reads them back exactly', async () => {
    const offers: Offer[] = [
      {
        id: 'f-1',
        structure_id: 's-1',
        nom: '=HYPERLINK("https://evil.example")',
        description: '- atelier collectif, puis entretiens individuels, pour préparer un CV clair.',
        date_maj: '2026-10-01',
        thematiques: ['mobilite--preparer-un-permis', 'mobilite--acceder-a-un-vehicule'],
        longitude: -0.4588,
        latitude: 46.3237,
        telephone: '05 49 00 00 00',
        eligibilite_iae_requise: true,
      },
    ];
    const out = offersToCsv(offers);
    expect(out).toContain(`'=HYPERLINK`);
    expect(out).toContain(`'- atelier`);
    expect(out).toContain(',-0.4588,');
    expect(out).toContain('mobilite--preparer-un-permis|mobilite--acceder-a-un-vehicule');
    const back = await validateOffersFile(out, { now: NOW });
    expect(back.offers).toEqual(offers);
  });
});

describe('property-based robustness', () => {
  it('arbitrary bytes never crash the reader and never change the store unless valid', async () => {
    await publishCsv({ store, partner: 'ml-niort', input: csv(row('a')), options: { now: NOW } });
    const before = await snapshot(store);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const r = await publishCsv({
          store,
          partner: 'ml-niort',
          input: Buffer.from(bytes),
          options: { now: NOW },
        });
        expect(r.published).toBe(false); // random bytes are never a valid offer file
        expect(await snapshot(store)).toBe(before);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('arbitrary CSV never crashes; publishes exactly the valid rows or nothing', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '',
        '=1+1',
        'a"b',
        'x\ny',
        'mobilite--preparer-un-permis',
        '2026-10-01',
        '46,3',
        'oui',
        '79191',
      ),
    );
    const header = fc.shuffledSubarray(
      [
        'id',
        'structure_id',
        'nom',
        'description',
        'date_maj',
        'thematiques',
        'Code INSEE',
        'latitude',
        'inconnue',
      ],
      { minLength: 1 },
    );
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        async (cols, rows, delimiter, skipInvalid) => {
          const quote = (s: string) => (/[",;\t\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
          const text = [cols, ...rows].map((r) => r.map(quote).join(delimiter)).join('\r\n');
          const before = await snapshot(store);
          const r = await publishCsv({
            store,
            partner: 'ml-niort',
            input: text,
            options: { now: NOW, skipInvalid },
          });
          if (!r.published) expect(await snapshot(store)).toBe(before);
          else {
            expect(r.report.valid || skipInvalid).toBe(true);
            expect((await store.partnerOffers('ml-niort')).length).toBe(r.report.stats.validRows);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('mixed valid and broken rows: the store holds exactly the valid rows (skipInvalid) or is unchanged', async () => {
    const valid = fc
      .record({
        id: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        nom: fc.constantFrom('Atelier CV', 'Permis B', 'Épicerie'),
      })
      .map((v) => ({
        ...v,
        ok: true,
        cells: [v.id, 's-1', v.nom, DESC, '2026-10-01', 'mobilite--preparer-un-permis'],
      }));
    const broken = fc
      .array(fc.string({ maxLength: 20 }), { minLength: 6, maxLength: 6 })
      .map((cells) => ({ id: cells[0]!, nom: '', ok: false, cells }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(valid, broken), { minLength: 1, maxLength: 15 }),
        fc.boolean(),
        async (rows, skipInvalid) => {
          const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
          const text = [HEADER, ...rows.map((r) => r.cells.map(quote).join(','))].join('\n');
          const before = await snapshot(store);
          const r = await publishCsv({
            store,
            partner: 'ml-niort',
            input: text,
            options: { now: NOW, skipInvalid },
          });
          if (r.published) {
            const ids = (await store.partnerOffers('ml-niort')).map((o) => o.id);
            // Every published id comes from a row the report did not reject, and no rejected row got in.
            const rejected = new Set(r.report.errors.map((e) => e.row));
            const expected = rows
              .map((row, i) => ({ row, n: i + 2 }))
              .filter((x) => !rejected.has(x.n))
              .map((x) => x.row.cells[0]!.trim());
            expect(ids).toEqual(expected);
            if (!skipInvalid) expect(r.report.valid).toBe(true);
          } else expect(await snapshot(store)).toBe(before);
        },
      ),
      { numRuns: 120 },
    );
  }, 60_000);
});
