// A catalogue opened from its image (shared memory, or written to disk and read back) answers exactly
// as the catalogue it was laid out from, before and after partner updates; a damaged image is refused.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Offer, OfferQuery } from '@spie/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogueImage, ImageFormatError } from './catalogue-image.ts';
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { readImageFile, writeImageFile } from './image-file.ts';
import { contractOffers, FILTER_QUERIES, GEO_QUERIES } from './testing/contract.ts';

const TEXT = ['chantié insersion', 'ACI', 'permis', 'permsi', 'garde d’enfants', 'reinsertion', 'ateliers'];
const NIORT = { latitude: 46.32313, longitude: -0.45877, radius_km: 40 };
const QUERIES: OfferQuery[] = [
  ...FILTER_QUERIES.map((f) => ({ filters: f.filters, hits_per_page: 200 })),
  ...GEO_QUERIES.map((g) => ({ ...g.query, hits_per_page: 200 })),
  ...TEXT.map((q) => ({ q, hits_per_page: 50 })),
  ...TEXT.map((q) => ({ q, geo: NIORT, sort: 'distance' as const, page: 2 })),
  { q: 'Garage solidaire du Marais poitevin' },
  { page: 3, hits_per_page: 7 },
];

async function answers(engine: EmbeddedSearchEngine) {
  return Promise.all(QUERIES.map((q) => engine.search(q)));
}

/** Partner updates that remove, change and add offers. */
function updates(offers: Offer[]): [string, Offer[]][] {
  const p1 = offers.filter((o) => o.partenaire === 'partenaire-1');
  const p2 = offers.filter((o) => o.partenaire === 'partenaire-2');
  return [
    ['partenaire-1', p1.slice(0, 50).map((o, i) => ({ ...o, nom: i % 2 ? `${o.nom} Permis` : o.nom }))],
    [
      'partenaire-nouveau',
      p2.slice(0, 3).map((o, i) => ({ ...o, id: `nouveau-${i}`, nom: `Atelier mobilité nouveau ${i}` })),
    ],
    ['partenaire-2', p2.slice(10)],
  ];
}

describe('catalogue image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spie-image-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const offers = contractOffers();

  it('answers exactly as the built catalogue, from memory and from disk, before and after partner updates', async () => {
    const built = new EmbeddedSearchEngine();
    await built.replaceAll(offers);
    const image = (await built.exportImage())!;
    const file = join(dir, 'catalogue.img');
    await writeImageFile(file, image, { versions: { a: 'v1' } });
    const read = readImageFile(file)!;
    expect(read.meta).toEqual({ versions: { a: 'v1' } });
    expect(read.image.buffer).toBeInstanceOf(SharedArrayBuffer);

    const shared = new EmbeddedSearchEngine();
    await shared.adoptImage(image);
    const fromDisk = new EmbeddedSearchEngine();
    await fromDisk.adoptImage(read.image);
    const expected = await answers(built);
    expect(expected.some((r) => r.total > 0 && r.hits.length > 0)).toBe(true);
    expect(await answers(shared)).toEqual(expected);
    expect(await answers(fromDisk)).toEqual(expected);
    expect(await fromDisk.count()).toBe(offers.length);
    expect(await fromDisk.get('repere-garage-marais')).toEqual(
      offers.find((o) => o.id === 'repere-garage-marais'),
    );
    // nothing changed yet: the opened image is its own export
    expect(await fromDisk.exportImage()).toBe(read.image);

    for (const [partner, next] of updates(offers)) {
      await built.replacePartner(partner, next);
      await fromDisk.replacePartner(partner, next);
    }
    expect(await fromDisk.count()).toBe(await built.count());
    expect(await answers(fromDisk)).toEqual(await answers(built));
    expect(await fromDisk.get(offers.find((o) => o.partenaire === 'partenaire-2')!.id)).toBeUndefined();
    expect((await fromDisk.get('nouveau-1'))?.nom).toBe('Atelier mobilité nouveau 1');
    // changed since it was opened: no longer an image of what it serves
    expect(await fromDisk.exportImage()).toBeUndefined();
    // the shared memory was not written by the updates: the other engine on it is unchanged
    expect(await answers(shared)).toEqual(expected);
  }, 60_000);

  it('refuses a truncated, altered or foreign file, and an image of another text analysis', async () => {
    const built = new EmbeddedSearchEngine();
    await built.replaceAll(offers.slice(0, 300));
    const image = (await built.exportImage())!;
    const file = join(dir, 'damaged.img');
    await writeImageFile(file, image, { versions: {} });
    const whole = readFileSync(file);

    expect(readImageFile(join(dir, 'absent.img'))).toBeUndefined();
    truncateSync(file, whole.length - 1000); // a write cut short
    expect(() => readImageFile(file)).toThrow(ImageFormatError);
    const altered = Buffer.from(whole);
    altered[Math.floor(altered.length / 2)]! ^= 0x20; // one bit flipped in the offers or postings
    writeFileSync(file, altered);
    expect(() => readImageFile(file)).toThrow(ImageFormatError);
    writeFileSync(file, '{"not":"an image"}');
    expect(() => readImageFile(file)).toThrow(ImageFormatError);

    // the same bytes, labelled as built by another analysis (stemmer, boosts, vocabularies…)
    const bytes = new Uint8Array(image.buffer).slice();
    const text = Buffer.from(bytes).toString('latin1');
    const at = text.indexOf(image.header.analysis);
    bytes.set(Buffer.from('0'.repeat(image.header.analysis.length)), at);
    const foreign = new CatalogueImage(bytes.buffer);
    await expect(new EmbeddedSearchEngine().adoptImage(foreign)).rejects.toThrow(ImageFormatError);
  }, 30_000);
});
