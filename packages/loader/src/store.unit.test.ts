// PartnerStore and PartnerRegistry on real temporary directories.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Offer } from '@spie/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartnerRegistry } from './registry.ts';
import { PartnerStore, StoreError } from './store.ts';

const offer = (id: string, nom = `Offre ${id}`): Offer => ({
  id,
  structure_id: 's-1',
  nom,
  description: 'Une description assez longue pour être utile aux professionnels du territoire.',
  date_maj: '2026-10-01',
  thematiques: ['mobilite--preparer-un-permis'],
});

const shaOfLines = (offers: Offer[], store: PartnerStore, partner: string) =>
  store.partnerOffers(partner).then((list) => {
    const h = createHash('sha256');
    for (const o of list) h.update(`${JSON.stringify(o)}\n`);
    return { hash: h.digest('hex'), ids: list.map((o) => o.id), expected: offers.map((o) => o.id) };
  });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spie-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PartnerStore', () => {
  it('publishes, counts changes, keeps history and rolls back exactly', async () => {
    const store = new PartnerStore(dir);
    expect(await store.isEmpty()).toBe(true);
    const v1 = await store.publish('ml-niort', [offer('a'), offer('b'), offer('c')], { by: 'alice' });
    expect(v1).toMatchObject({
      version: 1,
      rowCount: 3,
      by: 'alice',
      counts: { added: 3, changed: 0, removed: 0 },
    });
    const v2 = await store.publish('ml-niort', [offer('a'), offer('b', 'Nouveau nom'), offer('d')], {
      by: 'bob',
    });
    expect(v2.counts).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 1 });
    expect(v2.sha256).not.toBe(v1.sha256);
    expect((await store.partnerOffers('ml-niort')).map((o) => [o.id, o.partenaire])).toEqual([
      ['a', 'ml-niort'],
      ['b', 'ml-niort'],
      ['d', 'ml-niort'],
    ]);
    const history = await store.history('ml-niort');
    expect(history.map((h) => [h.version, h.by, h.rowCount])).toEqual([
      [1, 'alice', 3],
      [2, 'bob', 3],
    ]);
    expect(new Date(history[0]!.publishedAt).toISOString()).toBe(history[0]!.publishedAt);

    const v3 = await store.rollback('ml-niort', 1, { by: 'carol' });
    expect(v3).toMatchObject({
      version: 3,
      rollbackOf: 1,
      sha256: v1.sha256,
      counts: { added: 1, changed: 1, removed: 1 },
    });
    const { hash, ids } = await shaOfLines([], store, 'ml-niort');
    expect(hash).toBe(v1.sha256); // the served content is byte-for-byte version 1
    expect(ids).toEqual(['a', 'b', 'c']);
    await expect(store.rollback('ml-niort', 9, { by: 'x' })).rejects.toThrow(/version 9 introuvable/);
  });

  it('never lets a partner take or change another partner’s offers', async () => {
    const store = new PartnerStore(dir);
    await store.publish('ml-niort', [offer('a'), offer('b')], { by: 'x' });
    const err = await store
      .publish('ccas-poitiers', [offer('z'), offer('b', 'Détournée')], { by: 'y' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('« b » (partenaire « ml-niort »)');
    expect(await store.partnerOffers('ccas-poitiers')).toEqual([]);
    // An id differing only by case is the same offer for people reading it (issue 14).
    const upper = await store.publish('ccas-poitiers', [offer('B')], { by: 'y' }).catch((e) => e);
    expect(upper).toBeInstanceOf(StoreError);
    expect(upper.code).toBe('conflict');
    expect((await store.partnerOffers('ml-niort'))[1]!.nom).toBe('Offre b');
    // Publishing replaces only the partner's own set.
    await store.publish('ccas-poitiers', [offer('z')], { by: 'y' });
    expect((await store.currentOffers()).map((o) => `${o.partenaire}:${o.id}`).sort()).toEqual([
      'ccas-poitiers:z',
      'ml-niort:a',
      'ml-niort:b',
    ]);
    await expect(store.publish('ml-niort', [offer('a'), offer('a')], { by: 'x' })).rejects.toThrow(
      /en double/,
    );
    await expect(store.publish('../etc', [], { by: 'x' })).rejects.toThrow(
      /identifiant de partenaire invalide/,
    );
  });

  it('sees another process’s publications in ownership checks and summaries (cached by pointer)', async () => {
    const site = new PartnerStore(dir); // a long-lived store, as in the site
    const cli = new PartnerStore(dir); // another process publishing meanwhile
    await cli.publish('ml-niort', [offer('x')], { by: 'cli' });
    expect((await site.summary()).map((v) => [v.partner, v.version])).toEqual([['ml-niort', 1]]);
    await expect(site.publish('caf-79', [offer('x')], { by: 'site' })).rejects.toThrow(/ml-niort/);
    await cli.publish('ml-niort', [offer('y')], { by: 'cli' }); // x is free again, y is taken
    expect((await site.summary()).map((v) => [v.partner, v.version])).toEqual([['ml-niort', 2]]);
    await expect(site.publish('caf-79', [offer('y')], { by: 'site' })).rejects.toThrow(/ml-niort/);
    expect((await site.publish('caf-79', [offer('x')], { by: 'site' })).version).toBe(1);
    // and the other way round: the CLI's store sees what the site published
    await expect(cli.rollback('ml-niort', 1, { by: 'cli' })).rejects.toThrow(/caf-79/);
  });

  it('serialises concurrent publishes for one partner (no lost version, consistent history)', async () => {
    const store = new PartnerStore(dir);
    const other = new PartnerStore(dir); // a second instance shares only the lock file
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? store : other).publish('ml-niort', [offer(`o-${i}`), offer('commun')], { by: `p${i}` }),
      ),
    );
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const history = await store.history('ml-niort');
    expect(history).toHaveLength(12);
    // Each version's counts are relative to the version just before it: with serialisation, every
    // publish after the first removes exactly one offer and adds one.
    for (const h of history.slice(1)) expect(h.counts).toMatchObject({ added: 1, removed: 1, unchanged: 1 });
    expect(readdirSync(dir).filter((f) => f.includes('lock'))).toEqual([]);
  });

  it('takes over a lock left by a dead process, and times out clearly on a live one', async () => {
    const { hostname } = await import('node:os');
    const lock = join(dir, '.publish.lock');
    // A pid that cannot be alive (above the kernel's pid_max).
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, host: hostname(), at: new Date().toISOString() }));
    const store = new PartnerStore(dir, { timeoutMs: 2000 });
    expect((await store.publish('ml-niort', [offer('a')], { by: 'x' })).version).toBe(1);
    // A lock held by a live process (this one) is respected until the timeout.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    const impatient = new PartnerStore(dir, { timeoutMs: 300 });
    await expect(impatient.publish('ml-niort', [offer('b')], { by: 'x' })).rejects.toThrow(
      /une autre publication est en cours/,
    );
    expect((await store.partnerOffers('ml-niort')).map((o) => o.id)).toEqual(['a']);
  });

  it('detects a corrupt current file and falls back to the last good version', async () => {
    const warnings: string[] = [];
    const store = new PartnerStore(dir, { onWarning: (m) => warnings.push(m) });
    const v1 = await store.publish('ml-niort', [offer('a')], { by: 'x' });
    await store.publish('ml-niort', [offer('a'), offer('b')], { by: 'x' });
    const pdir = join(dir, 'offers', 'ml-niort');
    // Flip one byte in version 2's offers: sha256 no longer matches.
    const v2file = join(pdir, 'v000002.ndjson');
    writeFileSync(v2file, readFileSync(v2file, 'utf8').replace('Offre b', 'Offre B'));
    expect((await store.partnerOffers('ml-niort')).map((o) => o.id)).toEqual(['a']);
    expect(warnings.at(-1)).toMatch(/version 2 est corrompue.*version 1/);
    expect((await store.current('ml-niort'))!.sha256).toBe(v1.sha256);
    // A garbled pointer is detected by its checksum.
    writeFileSync(join(pdir, 'current.json'), '{"format":"spie-current/1","version":2');
    expect((await store.partnerOffers('ml-niort')).map((o) => o.id)).toEqual(['a']);
    expect(warnings.at(-1)).toMatch(/current\.json est corrompu/);
    // The next publish repairs the partner.
    const v3 = await store.publish('ml-niort', [offer('c')], { by: 'x' });
    expect(v3.version).toBe(2); // version 1 was the last good one
    expect((await store.partnerOffers('ml-niort')).map((o) => o.id)).toEqual(['c']);
  });

  it('ignores an orphan version file left by an interrupted publish', async () => {
    const store = new PartnerStore(dir);
    await store.publish('ml-niort', [offer('a')], { by: 'x' });
    const pdir = join(dir, 'offers', 'ml-niort');
    writeFileSync(join(pdir, 'v000002.ndjson'), 'garbage, as if cut by a crash');
    writeFileSync(join(pdir, 'v000002.ndjson.tmp-1-abcd'), 'half');
    expect((await store.history('ml-niort')).map((h) => h.version)).toEqual([1]);
    const v2 = await store.publish('ml-niort', [offer('b')], { by: 'x' });
    expect(v2.version).toBe(2);
    expect((await store.partnerOffers('ml-niort')).map((o) => o.id)).toEqual(['b']);
    expect(readdirSync(pdir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('PartnerRegistry', () => {
  it('creates partners with a token shown once, stored hashed, verified per partner', async () => {
    const registry = new PartnerRegistry(dir);
    const token = await registry.add('ml-niort', 'Mission locale du Niortais');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes base64url
    const other = await registry.add('ccas-poitiers', 'CCAS de Poitiers');
    const file = readFileSync(join(dir, 'partners.json'), 'utf8');
    expect(file).not.toContain(token);
    expect(file).toContain(createHash('sha256').update(token).digest('hex'));
    expect(await registry.verify('ml-niort', token)).toBe(true);
    expect(await registry.verify('ccas-poitiers', token)).toBe(false); // a token acts only on its partner
    expect(await registry.verify('ml-niort', other)).toBe(false);
    expect(await registry.verify('inconnu', token)).toBe(false);
    expect(await registry.verify('ml-niort', '')).toBe(false);
    expect((await registry.list()).map((p) => p.id)).toEqual(['ml-niort', 'ccas-poitiers']);
    await expect(registry.add('ml-niort', 'Doublon')).rejects.toThrow(/existe déjà/);
    await expect(registry.add('Pas Valide', 'x')).rejects.toThrow(/invalide/);
  });
});
