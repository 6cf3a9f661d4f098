import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index.ts';

describe('TextIndex.expand (cached lookups)', () => {
  const index = () => {
    const t = new TextIndex({ nom: 1 });
    t.add(0, { nom: 'atelier numerique' });
    return t;
  };
  const keys = (m: Map<string, number>) => [...m.keys()].sort();

  it('finds typos and prefixes, and a caller changing the result does not change the next lookup', () => {
    const t = index();
    expect(keys(t.expand('ateler', 1, false))).toEqual(['atelier']);
    expect(keys(t.expand('ateler', 0, false))).toEqual([]);
    const typo = t.expand('ateler', 1, false);
    typo.set('intrus', 1);
    expect(keys(t.expand('ateler', 1, false))).toEqual(['atelier']);
    expect(keys(t.expand('numer', 0, true))).toEqual(['numerique']);
  });

  it('sees terms added after a lookup was cached', () => {
    const t = index();
    expect(keys(t.expand('ateler', 1, false))).toEqual(['atelier']);
    expect(keys(t.expand('numer', 0, true))).toEqual(['numerique']);
    t.add(1, { nom: 'ateleur numeration' });
    expect(keys(t.expand('ateler', 1, false))).toEqual(['ateleur', 'atelier']);
    expect(keys(t.expand('numer', 0, true))).toEqual(['numeration', 'numerique']);
  });
});
