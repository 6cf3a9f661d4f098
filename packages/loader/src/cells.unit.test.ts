// Header matching, cell conversion, formula detection and encoding detection.
import { OFFER_FIELDS, offerFieldMeta } from '@spie/core';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  convertValue,
  excelSerialToIso,
  looksLikeFormula,
  neutralize,
  normalizePhone,
  reformatPhone,
  splitList,
  unneutralize,
} from './cells.ts';
import { detectDelimiter } from './csv-reader.ts';
import { createUtf8Checker, detectEncoding } from './encoding.ts';
import { fieldOfHeader, mapColumns } from './headers.ts';

describe('headers', () => {
  it('recognises every field by its name and by its French label, without collisions', () => {
    for (const f of OFFER_FIELDS) {
      expect(fieldOfHeader(f)).toBe(f);
      expect(fieldOfHeader(offerFieldMeta(f).label)).toBe(f);
      expect(fieldOfHeader(`  ${offerFieldMeta(f).label.toUpperCase()} `)).toBe(f);
    }
  });

  it('ignores case, accents, spacing and punctuation', () => {
    expect(fieldOfHeader('Date de mise a jour')).toBe('date_maj');
    expect(fieldOfHeader("Zone d'éligibilité")).toBe('zone_eligibilite');
    expect(fieldOfHeader('CODE-POSTAL')).toBe('code_postal');
    expect(fieldOfHeader('Éligibilité IAE requise')).toBe('eligibilite_iae_requise');
    expect(fieldOfHeader('Prénom du chat')).toBeUndefined();
    const m = mapColumns(['Nom', 'nom', 'Truc']);
    expect(m.duplicates).toEqual([{ index: 1, header: 'nom', field: 'nom' }]);
    expect(m.unknown).toEqual([{ index: 2, header: 'Truc' }]);
  });
});

describe('cells', () => {
  it('splits lists on |, and on , or ; which slugs never contain; reads JSON and PostgreSQL arrays', () => {
    expect(splitList('publics', 'jeunes|femmes')).toEqual(['jeunes', 'femmes']);
    expect(splitList('publics', 'jeunes, femmes ; familles')).toEqual(['jeunes', 'femmes', 'familles']);
    expect(splitList('publics', '["jeunes", "femmes"]')).toEqual(['jeunes', 'femmes']);
    expect(splitList('publics', "['jeunes', 'femmes']")).toEqual(['jeunes', 'femmes']);
    expect(splitList('zone_eligibilite', '{79,86}')).toEqual(['79', '86']);
    expect(splitList('publics', 'jeunes||jeunes|')).toEqual(['jeunes']);
  });

  it('converts numbers, booleans and empties the way French spreadsheets write them', () => {
    expect(convertValue('latitude', '46,3237')).toEqual({ ok: true, value: 46.3237 });
    expect(convertValue('places_disponibles', ' 1 200 ')).toEqual({ ok: true, value: 1200 });
    expect(convertValue('latitude', 'nord')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/nombre attendu/),
    });
    for (const [s, b] of [
      ['Oui', true],
      ['NON', false],
      ['vrai', true],
      ['0', false],
      ['true', true],
    ] as const)
      expect(convertValue('eligibilite_iae_requise', s)).toEqual({ ok: true, value: b });
    expect(convertValue('eligibilite_iae_requise', 'peut-être')).toMatchObject({ ok: false });
    expect(convertValue('nom', '   ')).toEqual({ ok: true, value: undefined });
    expect(convertValue('nom', null)).toEqual({ ok: true, value: undefined });
    expect(convertValue('code_postal', 79000)).toEqual({ ok: true, value: '79000' });
  });

  it('normalises French phone numbers and leaves the rest to the schema', () => {
    expect(normalizePhone('+33 5 49 00 00 00')).toBe('05 49 00 00 00');
    expect(normalizePhone('0033549000000')).toBe('05 49 00 00 00');
    expect(normalizePhone('05.49.00.00.00')).toBe('05 49 00 00 00');
    expect(normalizePhone('+33 (0)5 49 00 00 00')).toBe('05 49 00 00 00');
    expect(normalizePhone('0549')).toBe('0549');
  });

  it('normalizePhone equals the full reformatting on any input (its shortcut for the canonical form)', () => {
    const digit = fc.constantFrom(...'0123456789');
    const sep = fc.constantFrom(' ', '', '.', '-', '  ', '\u00a0');
    const phone = fc
      .tuple(
        fc.constantFrom('0', '+33', '0033', '+330', ''),
        fc.array(fc.tuple(sep, digit), { maxLength: 11 }),
      )
      .map(([p, rest]) => p + rest.map(([a, b]) => a + b).join(''));
    fc.assert(
      fc.property(fc.oneof(phone, fc.string()), (s) => normalizePhone(s) === reformatPhone(s)),
      { numRuns: 5000 },
    );
  });

  it('spots formula-looking cells but not numbers or phone numbers, and neutralises them reversibly', () => {
    for (const s of ['=HYPERLINK("x")', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '- atelier'])
      expect(looksLikeFormula(s)).toBe(true);
    for (const s of ['-0.4588', '+33 5 49 00 00 00', 'Atelier = CV', '12', ''])
      expect(looksLikeFormula(s)).toBe(false);
    expect(neutralize('=1+1')).toBe("'=1+1");
    expect(neutralize('-0.45')).toBe('-0.45');
    expect(unneutralize(neutralize('@SUM(1)'))).toBe('@SUM(1)');
    expect(unneutralize("'quoted")).toBe("'quoted");
  });
});

describe('encoding and delimiter', () => {
  it('decides UTF-8 vs Windows-1252 on the bytes', () => {
    const text = 'nom;Thématiques\nÉpicerie « solidaire »;alimentation\n';
    expect(detectEncoding(Buffer.from(text), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from(`\uFEFF${text}`), true)).toBe('utf-8');
    expect(detectEncoding(iconv.encode(text, 'win1252'), true)).toBe('windows-1252');
    // A sample cut inside a multi-byte character is still UTF-8 when more bytes follow.
    const bytes = Buffer.from('abcé');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false)).toBe('utf-8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), true)).toBe('windows-1252');
  });

  it('checks UTF-8 across chunk boundaries', () => {
    const bytes = Buffer.from('é€😀'.repeat(3));
    for (let cut = 1; cut < bytes.length; cut++) {
      const check = createUtf8Checker();
      check(bytes.subarray(0, cut), false);
      check(bytes.subarray(cut), false);
      check(Buffer.alloc(0), true);
    }
    const bad = createUtf8Checker();
    expect(() => bad(Buffer.from([0x41, 0xe9, 0x41]), false)).toThrow(/UTF-8/);
    const cutAtEnd = createUtf8Checker();
    cutAtEnd(Buffer.from([0x41, 0xc3]), false);
    expect(() => cutAtEnd(Buffer.alloc(0), true)).toThrow(/UTF-8/);
  });

  it('detects ; , and tab on the header line, ignoring quoted separators', () => {
    expect(detectDelimiter('id;nom;"a,b,c"\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('id\tnom\tdescription')).toBe('\t');
    expect(detectDelimiter('id,nom')).toBe(',');
    expect(detectDelimiter('id')).toBe(',');
  });
});

describe('dates as French spreadsheets write them', () => {
  it('reads JJ/MM/AAAA, J/M/AAAA, ISO, a date-time and Excel serials as the same ISO day', () => {
    for (const cell of ['15/01/2026', '15/1/2026', '15.01.2026', '2026-01-15', '15/01/2026 00:00'])
      expect(convertValue('date_debut', cell)).toEqual({ ok: true, value: '2026-01-15' });
    expect(convertValue('date_fin', '5/1/2027')).toEqual({ ok: true, value: '2027-01-05' });
    expect(convertValue('date_maj', '2026-03-31T09:30:00Z')).toEqual({ ok: true, value: '2026-03-31' });
    // xlsx: a serial number (no date format) and a Date (date format), as exceljs gives them.
    expect(convertValue('date_debut', 46037)).toEqual({ ok: true, value: '2026-01-15' });
    expect(convertValue('date_debut', new Date(Date.UTC(2026, 0, 15)))).toEqual({
      ok: true,
      value: '2026-01-15',
    });
    expect(excelSerialToIso(1)).toBeUndefined();
  });

  it('gives one French message for a bad or impossible date', () => {
    expect(convertValue('date_debut', '31/02/2026')).toEqual({ ok: false, message: 'date inexistante' });
    expect(convertValue('date_debut', '2026-13-45')).toEqual({ ok: false, message: 'date inexistante' });
    const wrong = convertValue('date_fin', 'fin juin');
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.message).toMatch(/JJ\/MM\/AAAA/);
  });

  it('round-trips every real day through the French notation', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const french = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
          expect(convertValue('date_debut', french)).toEqual({ ok: true, value: iso });
        },
      ),
    );
  });
});
