import { describe, expect, it } from 'vitest';
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { generateOffers } from './testing/fixtures.ts';

describe('EmbeddedSearchEngine writes', () => {
  it('keeps answering correctly through many partner updates (freed slots are compacted)', async () => {
    const offers = generateOffers({ count: 1200, seed: 5, partners: 2, departements: ['79'] });
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll(offers);
    const mine = offers.filter((o) => o.partenaire === 'partenaire-1');
    const others = offers.length - mine.length;
    // concurrent writes are serialised: the last one wins, whatever the timing
    await Promise.all(
      Array.from({ length: 4 }, (_, round) =>
        engine.replacePartner(
          'partenaire-1',
          mine.map((o) => ({ ...o, nom: `${o.nom} v${round}` })),
        ),
      ),
    );
    expect(await engine.count()).toBe(offers.length);
    const res = await engine.search({ filters: { partenaire: ['partenaire-1'] }, hits_per_page: 1000 });
    expect(res.total).toBe(mine.length);
    expect(res.hits.every((h) => h.offer.nom.endsWith(' v3'))).toBe(true);
    expect((await engine.search({ filters: { partenaire: ['partenaire-2'] } })).total).toBe(others);
    // replaced versions are gone from the text index too
    expect((await engine.search({ q: 'v0' })).total).toBe(0);
    expect((await engine.search({ q: 'v3' })).total).toBe(mine.length);
  }, 30_000);
});
