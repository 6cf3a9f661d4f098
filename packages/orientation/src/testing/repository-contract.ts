// One contract for every adapter of OrientationRepository: PGlite (unit) and PostgreSQL (integration).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../domain/schedule.ts';
import type { OrientationRepository } from '../repository/port.ts';
import { hashToken, newToken } from '../tokens.ts';
import { newOrientation } from './fixtures.ts';

const PERSONAL = [
  'prenom',
  'nom',
  'telephone',
  'courriel',
  'disponible_le',
  'message',
  'besoins',
  'referent_nom',
  'referent_courriel',
  'referent_structure',
  'message_reponse',
] as const;

export function repositoryContract(name: string, open: () => Promise<OrientationRepository>) {
  describe(`orientation repository contract: ${name}`, () => {
    let repo: OrientationRepository;
    beforeAll(async () => {
      repo = await open();
    }, 300_000);
    afterAll(async () => {
      await repo?.close();
    });

    it('stores an orientation with its first event and links, atomically', async () => {
      const o = newOrientation();
      const token = newToken();
      const { orientation, created } = await repo.create(o, [
        { hash: hashToken(token), role: 'referent', expire_le: null },
      ]);
      expect(created).toBe(true);
      expect(orientation).toMatchObject({
        id: o.id,
        statut: 'en_attente',
        prenom: 'Karim',
        besoins: ['trouver-un-emploi'],
      });
      expect(orientation.creee_le.toISOString()).toBe('2026-12-01T09:00:00.000Z');
      const events = await repo.events(o.id);
      expect(events).toMatchObject([{ acteur: 'referent', de: null, vers: 'en_attente' }]);
      const found = await repo.findByLink(hashToken(token), new Date());
      expect(found).toMatchObject({ role: 'referent', orientation: { id: o.id } });
      expect(found?.refus).toBeUndefined();
    });

    it('a retried creation with the same idempotency key returns the stored orientation, never a second one', async () => {
      const key = `cle-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const first = await repo.create(newOrientation({ cle_idempotence: key }), []);
      const again = await repo.create(newOrientation({ cle_idempotence: key, prenom: 'Autre' }), []);
      expect(again.created).toBe(false);
      expect(again.orientation.id).toBe(first.orientation.id);
      expect(again.orientation.prenom).toBe('Karim');
      expect(await repo.events(first.orientation.id)).toHaveLength(1);
    });

    it('tells an expired or revoked link from a valid one; an unknown hash opens nothing', async () => {
      const o = newOrientation();
      const [valid, expired] = [newToken(), newToken()];
      const now = new Date('2026-12-05T00:00:00Z');
      await repo.create(o, [
        { hash: hashToken(valid), role: 'structure', expire_le: new Date(now.getTime() + DAY_MS) },
        { hash: hashToken(expired), role: 'structure', expire_le: new Date(now.getTime() - 1) },
      ]);
      expect((await repo.findByLink(hashToken(valid), now))?.refus).toBeUndefined();
      expect((await repo.findByLink(hashToken(expired), now))?.refus).toBe('expire');
      expect(await repo.findByLink(hashToken(newToken()), now)).toBeUndefined();
      expect(await repo.revokeLinks(o.id, 'structure', now)).toBe(2);
      expect((await repo.findByLink(hashToken(valid), now))?.refus).toBe('revoque');
    });

    it('changes a status only from the expected one and records who, when, from, to and why', async () => {
      const o = newOrientation();
      await repo.create(o, []);
      const at = new Date('2026-12-03T10:00:00Z');
      const studied = await repo.transition(o.id, {
        from: ['en_attente'],
        to: 'a_l_etude',
        actor: 'structure',
        at,
      });
      expect(studied).toMatchObject({ statut: 'a_l_etude', close_le: null });
      expect(studied?.repondue_le?.toISOString()).toBe(at.toISOString());
      const later = new Date('2026-12-04T10:00:00Z');
      const refused = await repo.transition(o.id, {
        from: ['en_attente', 'a_l_etude'],
        to: 'refusee',
        actor: 'structure',
        at: later,
        motif: 'Plus de place',
        set: { motif_refus: 'plus_de_place' },
      });
      // The first answer time stays the first one.
      expect(refused?.repondue_le?.toISOString()).toBe(at.toISOString());
      expect(refused).toMatchObject({ statut: 'refusee', motif_refus: 'plus_de_place' });
      expect(refused?.close_le?.toISOString()).toBe(later.toISOString());
      expect(
        await repo.transition(o.id, {
          from: ['en_attente', 'a_l_etude'],
          to: 'acceptee',
          actor: 'structure',
          at: later,
        }),
      ).toBeUndefined();
      expect((await repo.events(o.id)).map((e) => [e.acteur, e.de, e.vers, e.motif])).toEqual([
        ['referent', null, 'en_attente', null],
        ['structure', 'en_attente', 'a_l_etude', null],
        ['structure', 'a_l_etude', 'refusee', 'Plus de place'],
      ]);
    });

    it('two answers at once: exactly one wins', async () => {
      const o = newOrientation();
      await repo.create(o, []);
      const at = new Date();
      const results = await Promise.all(
        (['acceptee', 'refusee', 'acceptee', 'refusee'] as const).map((to) =>
          repo.transition(o.id, { from: ['en_attente', 'a_l_etude'], to, actor: 'structure', at }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await repo.events(o.id)).toHaveLength(2);
    });

    it('a reminder period is claimed once, whoever asks', async () => {
      const o = newOrientation();
      await repo.create(o, []);
      const claims = await Promise.all([1, 1, 1].map((p) => repo.claimReminder(o.id, p, new Date())));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await repo.claimReminder(o.id, 2, new Date())).toBe(true);
    });

    it('anonymisation blanks every personal field and every link, keeps status and dates', async () => {
      const o = newOrientation({ cle_idempotence: `anon-${Math.random().toString(36).slice(2)}` });
      const token = newToken();
      await repo.create(o, [{ hash: hashToken(token), role: 'referent', expire_le: null }]);
      const closedAt = new Date('2026-12-02T00:00:00Z');
      await repo.transition(o.id, {
        from: ['en_attente'],
        to: 'annulee',
        actor: 'referent',
        at: closedAt,
        motif: 'Karim a trouvé un emploi',
      });
      expect(await repo.closedBefore(new Date('2026-12-03T00:00:00Z'))).toContain(o.id);
      expect(await repo.anonymise(o.id, new Date())).toBe(true);
      expect(await repo.anonymise(o.id, new Date())).toBe(false);
      const row = await repo.get(o.id);
      for (const field of PERSONAL) expect(row?.[field], field).toBeNull();
      expect(row?.cle_idempotence).toBeNull();
      expect(row).toMatchObject({ statut: 'annulee', offre_id: o.offre_id });
      expect(row?.anonymisee_le).toBeInstanceOf(Date);
      expect(JSON.stringify(row)).not.toMatch(/Karim|Benali|06 12|claire/i);
      expect(JSON.stringify(await repo.events(o.id))).not.toMatch(/Karim/);
      expect(await repo.findByLink(hashToken(token), new Date())).toBeUndefined();
      expect(await repo.closedBefore(new Date('2026-12-03T00:00:00Z'))).not.toContain(o.id);
    });

    it('statistics per offer carry counts and the median answer time, no personal field', async () => {
      const offre_id = `offre-stats-${Math.random().toString(36).slice(2)}`;
      const created = new Date('2026-11-01T00:00:00Z');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const o = newOrientation({ offre_id, creee_le: created });
        ids.push(o.id);
        await repo.create(o, []);
      }
      const day = (n: number) => new Date(created.getTime() + n * DAY_MS);
      await repo.transition(ids[0]!, {
        from: ['en_attente'],
        to: 'acceptee',
        actor: 'structure',
        at: day(1),
      });
      await repo.transition(ids[1]!, { from: ['en_attente'], to: 'refusee', actor: 'structure', at: day(3) });
      await repo.transition(ids[2]!, {
        from: ['en_attente'],
        to: 'acceptee',
        actor: 'structure',
        at: day(5),
      });
      await repo.transition(ids[3]!, { from: ['en_attente'], to: 'expiree', actor: 'systeme', at: day(30) });
      const stats = (await repo.stats()).find((s) => s.offre_id === offre_id);
      expect(stats).toEqual({
        offre_id,
        structure_id: 'aci-niort',
        recues: 5,
        repondues: 3,
        acceptees: 2,
        refusees: 1,
        expirees_sans_reponse: 1,
        delai_median_jours: 3,
      });
    });

    it('100 concurrent creations are all stored', async () => {
      const offre_id = `offre-concurrence-${Math.random().toString(36).slice(2)}`;
      await Promise.all(Array.from({ length: 100 }, () => repo.create(newOrientation({ offre_id }), [])));
      expect(await repo.list({ offre_id, limit: 1000 })).toHaveLength(100);
    });
  });
}
