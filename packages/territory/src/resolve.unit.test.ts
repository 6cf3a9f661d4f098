import { describe, expect, it } from 'vitest';
import { resolveCommune } from './index.ts';

describe('resolveCommune: as people type a commune', { timeout: 60_000 }, () => {
  it('a name several communes share is ambiguous, listed with their département', () => {
    const r = resolveCommune('Saint-Martin');
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.candidates.length).toBeGreaterThan(3);
    expect(r.candidates.map((c) => c.code)).toContain('97801');
    expect(new Set(r.candidates.map((c) => c.departement)).size).toBe(r.candidates.length);
    expect(resolveCommune('saint martin').kind).toBe('ambiguous');
  });

  it('a unique name, a name typed with its accents, an INSEE code, a label from the autocomplete', () => {
    expect(resolveCommune('Niort')).toMatchObject({ kind: 'found', commune: { code: '79191' } });
    // "Mellé" (35) folds to the same letters: typed without the accent, Melle (79) is meant
    expect(resolveCommune('Melle')).toMatchObject({ kind: 'found', commune: { code: '79174' } });
    expect(resolveCommune('Mellé')).toMatchObject({ kind: 'found', commune: { code: '35174' } });
    expect(resolveCommune('80021')).toMatchObject({ kind: 'found', commune: { nom: 'Amiens' } });
    expect(resolveCommune('Saint-Martin (65392)')).toMatchObject({
      kind: 'found',
      commune: { code: '65392' },
    });
  });

  it('a postal code: one commune found, several asked', () => {
    expect(resolveCommune('80000')).toMatchObject({ kind: 'found', commune: { code: '80021' } });
    const shared = resolveCommune('79500');
    expect(shared.kind).toBe('ambiguous');
  });

  it('a near miss proposes the closest names: a start ("Amien"), a typo ("Amiesn")', () => {
    for (const typed of ['Amien', 'Amiesn', 'Bressiure']) {
      const r = resolveCommune(typed);
      expect(r.kind, typed).toBe('unknown');
      if (r.kind === 'unknown')
        expect(
          r.proposals.map((c) => c.nom),
          typed,
        ).toContain(typed.startsWith('B') ? 'Bressuire' : 'Amiens');
    }
    expect(resolveCommune('zzzzqqq')).toEqual({ kind: 'unknown', proposals: [] });
  });
});
