// The orientation use cases on PGlite (in memory) with a recording mailer; time is injected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from './domain/schedule.ts';
import { openPgliteRepository } from './repository/pglite.ts';
import type { OrientationRepository } from './repository/port.ts';
import { type OfferInfo, type OrientationError, OrientationService } from './service.ts';
import { linkIn, MemoryMailer, tokenOf } from './testing/fixtures.ts';
import { repositoryContract } from './testing/repository-contract.ts';

// One in-memory PGlite for the contract and the use cases (starting PGlite costs seconds of CPU).
let shared: Promise<OrientationRepository> | undefined;
const openShared = () => (shared ??= openPgliteRepository());
repositoryContract('PGlite (in memory)', async () =>
  Object.assign(Object.create(await openShared()) as OrientationRepository, { close: async () => {} }),
);

const OFFER: OfferInfo = {
  id: 'offre-aci',
  nom: 'Chantier <b>espaces verts</b>',
  structure_id: 'aci',
  structure_nom: 'ACI Niort Nature',
  courriel: 'contact@aci.example.org',
};
const SENTINEL_NAME = 'Zéphyrin-Sentinelle';
const SENTINEL_PHONE = '07 99 88 77 66';

const body = (over: Record<string, unknown> = {}) => ({
  offre_id: OFFER.id,
  beneficiaire: {
    prenom: SENTINEL_NAME,
    nom: '<script>alert(1)</script>',
    telephone: SENTINEL_PHONE,
    courriel: 'z@example.org',
    contact_prefere: 'courriel',
  },
  disponible_le: '2026-12-14',
  message: 'Père seul, un enfant de deux ans : disponible le matin.',
  referent: { nom: 'Claire Martin', courriel: 'claire@cd79.example.org', structure: 'CD 79' },
  besoins: ['mobilite'],
  consentement: true,
  ...over,
});

describe('orientation service', () => {
  let repo: OrientationRepository;
  let clock = new Date('2026-12-01T09:00:00Z');
  const logs: string[] = [];
  const mailer = new MemoryMailer();
  let service: OrientationService;
  beforeAll(async () => {
    repo = await openShared();
    service = new OrientationService({
      repository: repo,
      mailer,
      baseUrl: 'https://annuaire.example.org',
      now: () => clock,
      log: (m) => logs.push(m),
    });
  }, 300_000);
  afterAll(() => repo.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const before = mailer.sent.length;
    const created = await service.create(body(over), OFFER);
    const mails = mailer.sent.slice(before);
    const structureMail = mails.find((m) => m.to === OFFER.courriel)!;
    return {
      created,
      mails,
      structure: tokenOf(linkIn(structureMail, 'structure')),
      referent: tokenOf(created.lien_suivi),
    };
  };

  it('refuses without the référent’s commitment, for an unknown offer, or an offer without contact e-mail', async () => {
    await expect(service.create(body({ consentement: false }), OFFER)).rejects.toMatchObject({
      status: 400,
      erreur: expect.stringMatching(/engager/),
    });
    await expect(service.create(body(), undefined)).rejects.toMatchObject({ status: 404 });
    await expect(service.create(body(), { ...OFFER, courriel: undefined })).rejects.toMatchObject({
      status: 400,
      erreur: expect.stringMatching(/Contactez-la directement/),
    });
    const invalid = await service
      .create(body({ beneficiaire: { prenom: 'A', nom: 'B', contact_prefere: 'telephone' } }), OFFER)
      .catch((e: OrientationError) => e);
    expect(invalid).toMatchObject({ status: 400, details: [{ champ: 'beneficiaire.telephone' }] });
  });

  it('journey: created → structure sees the person → accepts → référent sees “acceptée”, everyone told', async () => {
    const { created, mails, structure, referent } = await create();
    expect(created).toMatchObject({ statut: 'en_attente', created: true });
    expect(mails.map((m) => m.to).sort()).toEqual([
      'claire@cd79.example.org',
      'contact@aci.example.org',
      'z@example.org',
    ]);
    // The structure's e-mail carries the link, not the person's details.
    const structureMail = mails.find((m) => m.to === OFFER.courriel)!;
    expect(structureMail.text).not.toContain(SENTINEL_NAME);
    expect(structureMail.html).toContain('Chantier &lt;b&gt;espaces verts&lt;/b&gt;');
    expect(structureMail.html).not.toContain('<b>espaces');
    const seen = await service.open(structure);
    expect(seen).toMatchObject({
      role: 'structure',
      beneficiaire: { prenom: SENTINEL_NAME },
      actions: ['etudier', 'accepter', 'refuser'],
    });
    clock = new Date(clock.getTime() + 2 * DAY_MS);
    await service.act(structure, 'accepter', { message: 'Rendez-vous lundi 9 h.' });
    const followed = await service.open(referent);
    expect(followed).toMatchObject({
      role: 'referent',
      statut: 'acceptee',
      statut_libelle: 'acceptée',
      message_reponse: 'Rendez-vous lundi 9 h.',
      actions: [],
    });
    expect(followed.historique.map((h) => [h.acteur, h.vers])).toEqual([
      ['referent', 'en_attente'],
      ['structure', 'acceptee'],
    ]);
    const told = mailer.sent.slice(-2);
    expect(told.map((m) => m.to).sort()).toEqual(['claire@cd79.example.org', 'z@example.org']);
    expect(told[0]!.subject).toMatch(/acceptée/);
  });

  it('a second answer gets a 409 in French; a référent link cannot answer, a structure link cannot cancel', async () => {
    const { structure, referent } = await create();
    await expect(service.act(referent, 'accepter')).rejects.toMatchObject({ status: 409 });
    await expect(service.act(structure, 'annuler')).rejects.toMatchObject({ status: 409 });
    await service.act(structure, 'refuser', { motif: 'plus_de_place', message: 'Complet jusqu’en mars.' });
    await expect(service.act(structure, 'accepter')).rejects.toMatchObject({
      status: 409,
      erreur: expect.stringMatching(/déjà refusée/),
    });
    await expect(service.act(structure, 'refuser', { motif: 'inconnu' })).rejects.toMatchObject({
      status: 409,
    });
    expect((await service.open(referent)).motif_refus_libelle).toBe('Plus de place');
  });

  it('refusal needs a reason from the list', async () => {
    const { structure } = await create();
    await expect(service.act(structure, 'refuser', { motif: 'pas envie' })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('the référent can cancel an open orientation; the structure then cannot answer', async () => {
    const { structure, referent } = await create();
    await service.act(referent, 'annuler');
    await expect(service.act(structure, 'accepter')).rejects.toMatchObject({
      status: 409,
      erreur: expect.stringMatching(/annulée/),
    });
  });

  it('links: unknown, malformed, expired (structure: 8 days) and renewed only to the offer’s contact address', async () => {
    const { structure } = await create();
    await expect(service.open('x'.repeat(43))).rejects.toMatchObject({ status: 404 });
    await expect(service.open('../../etc/passwd')).rejects.toMatchObject({ status: 404 });
    clock = new Date(clock.getTime() + 9 * DAY_MS);
    await expect(service.open(structure)).rejects.toMatchObject({
      status: 410,
      details: { renouvelable: true },
    });
    const before = mailer.sent.length;
    await service.renewStructureLink(structure);
    const renewal = mailer.sent.slice(before);
    expect(renewal.map((m) => m.to)).toEqual([OFFER.courriel]);
    const fresh = tokenOf(linkIn(renewal[0]!, 'structure'));
    expect((await service.open(fresh)).statut).toBe('en_attente');
  });

  it('jobs: one reminder per 10-day period even when run twice, expiry at 30 days, anonymisation after 730 days', async () => {
    clock = new Date('2027-01-01T09:00:00Z');
    const { created, referent } = await create();
    const at = (days: number) => {
      clock = new Date(Date.parse('2027-01-01T09:00:00Z') + days * DAY_MS);
    };
    at(10.5);
    const [a, b] = await Promise.all([service.maintenance(), service.maintenance()]);
    expect(a.relances + b.relances).toBeGreaterThanOrEqual(1);
    const remindersFor = () => mailer.sent.filter((m) => m.subject.startsWith('Relance')).length;
    const count = remindersFor();
    await service.maintenance();
    expect(remindersFor()).toBe(count);
    at(30.5);
    const expiry = await service.maintenance();
    expect(expiry.expirees).toBeGreaterThanOrEqual(1);
    expect((await service.open(referent)).statut).toBe('expiree');
    at(30.5 + 731);
    await service.maintenance();
    await expect(service.open(referent)).rejects.toMatchObject({ status: 404 });
    const row = await repo.get(created.id);
    expect(row).toMatchObject({
      statut: 'expiree',
      prenom: null,
      nom: null,
      telephone: null,
      courriel: null,
      message: null,
      referent_courriel: null,
    });
  }, 60_000);

  it('erasure on request anonymises at once, open or not', async () => {
    const { created } = await create();
    expect(await service.erase(created.id)).toBe(true);
    expect(await repo.get(created.id)).toMatchObject({ statut: 'annulee', prenom: null });
  });

  it('a lost first e-mail is sent again by the jobs; the person’s name and phone never reach the logs', async () => {
    mailer.failNext = 3;
    const { created } = await service.create(body(), OFFER).then((c) => ({ created: c }));
    expect((await repo.get(created.id))?.notifiee_le).toBeNull();
    clock = new Date(clock.getTime() + 120_000);
    expect((await service.maintenance()).notifiees).toBeGreaterThanOrEqual(1);
    expect((await repo.get(created.id))?.notifiee_le).toBeInstanceOf(Date);
    expect(logs.length).toBeGreaterThan(0);
    const all = logs.join('\n');
    expect(all).not.toContain(SENTINEL_NAME);
    expect(all).not.toContain(SENTINEL_PHONE);
    expect(all).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });
});
