// One SQL implementation of the port over Kysely; the adapters only give it a dialect.
import { type Kysely, sql } from 'kysely';
import { OPEN_STATUSES } from '../domain/workflow.ts';
import type { LinkRole } from '../tokens.ts';
import type {
  EventRow,
  LinkLookup,
  ListFilter,
  NewLink,
  NewOrientation,
  OfferStats,
  OrientationRepository,
  TransitionRequest,
} from './port.ts';
import { type Database, MIGRATIONS } from './schema.ts';

const PERSONAL_FIELDS = {
  prenom: null,
  nom: null,
  telephone: null,
  courriel: null,
  disponible_le: null,
  message: null,
  besoins: null,
  referent_nom: null,
  referent_courriel: null,
  referent_structure: null,
  message_reponse: null,
  cle_idempotence: null,
} as const;

/** Applies the pending migrations under an advisory lock (two processes starting together migrate once). */
export async function migrate(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(715015)`.execute(trx);
    await sql`create table if not exists orientation_migration (version integer primary key, appliquee_le timestamptz not null)`.execute(
      trx,
    );
    const done = await sql<{ version: number }>`select version from orientation_migration`.execute(trx);
    const applied = new Set(done.rows.map((r) => Number(r.version)));
    for (const [i, text] of MIGRATIONS.entries()) {
      if (applied.has(i + 1)) continue;
      // One statement at a time: PGlite's extended protocol refuses several in one query.
      for (const statement of text.split(/;\s*$/m).filter((x) => x.trim()))
        await sql.raw(statement).execute(trx);
      await sql`insert into orientation_migration (version, appliquee_le) values (${i + 1}, now())`.execute(
        trx,
      );
    }
  });
}

export class SqlOrientationRepository implements OrientationRepository {
  constructor(
    readonly kind: 'pglite' | 'postgresql',
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async create(o: NewOrientation, links: NewLink[]) {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('orientation')
        .values(o)
        .onConflict((c) => c.column('cle_idempotence').doNothing())
        .returningAll()
        .executeTakeFirst();
      const orientation =
        inserted ??
        (await trx
          .selectFrom('orientation')
          .selectAll()
          .where('cle_idempotence', '=', o.cle_idempotence)
          .executeTakeFirstOrThrow());
      if (inserted)
        await trx
          .insertInto('orientation_evenement')
          .values({
            orientation_id: o.id,
            le: o.creee_le,
            acteur: 'referent',
            de: null,
            vers: o.statut,
            motif: null,
          })
          .execute();
      if (links.length)
        await trx
          .insertInto('orientation_lien')
          .values(
            links.map((l) => ({
              ...l,
              orientation_id: orientation.id,
              cree_le: o.creee_le,
              revoque_le: null,
            })),
          )
          .execute();
      return { orientation, created: inserted !== undefined };
    });
  }

  get(id: string) {
    return this.db.selectFrom('orientation').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async events(id: string): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('orientation_evenement')
      .selectAll()
      .where('orientation_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async findByLink(hash: string, now: Date): Promise<LinkLookup | undefined> {
    const link = await this.db
      .selectFrom('orientation_lien')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst();
    if (!link) return undefined;
    const orientation = await this.get(link.orientation_id);
    if (!orientation) return undefined;
    const refus = link.revoque_le
      ? 'revoque'
      : link.expire_le && link.expire_le.getTime() <= now.getTime()
        ? 'expire'
        : undefined;
    return refus ? { orientation, role: link.role, refus } : { orientation, role: link.role };
  }

  async addLink(orientationId: string, link: NewLink, at: Date) {
    await this.db
      .insertInto('orientation_lien')
      .values({ ...link, orientation_id: orientationId, cree_le: at, revoque_le: null })
      .execute();
  }

  async revokeLinks(orientationId: string, role: LinkRole | undefined, at: Date) {
    let q = this.db
      .updateTable('orientation_lien')
      .set({ revoque_le: at })
      .where('orientation_id', '=', orientationId)
      .where('revoque_le', 'is', null);
    if (role) q = q.where('role', '=', role);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async transition(id: string, t: TransitionRequest) {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('orientation')
        .select(['statut', 'repondue_le'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before || !t.from.includes(before.statut)) return undefined;
      const answered = t.actor === 'structure' && before.repondue_le === null;
      const closes = !OPEN_STATUSES.includes(t.to);
      const row = await trx
        .updateTable('orientation')
        .set({
          ...t.set,
          statut: t.to,
          ...(answered ? { repondue_le: t.at } : {}),
          ...(closes ? { close_le: t.at } : {}),
        })
        .where('id', '=', id)
        .where('statut', 'in', [...t.from])
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .insertInto('orientation_evenement')
        .values({
          orientation_id: id,
          le: t.at,
          acteur: t.actor,
          de: before.statut,
          vers: t.to,
          motif: t.motif ?? null,
        })
        .execute();
      return row;
    });
  }

  async markNotified(id: string, at: Date) {
    await this.db.updateTable('orientation').set({ notifiee_le: at }).where('id', '=', id).execute();
  }

  openCreatedBefore(before: Date) {
    return this.db
      .selectFrom('orientation')
      .selectAll()
      .where('statut', 'in', [...OPEN_STATUSES])
      .where('creee_le', '<', before)
      .orderBy('creee_le')
      .execute();
  }

  unnotified(before: Date) {
    return this.db
      .selectFrom('orientation')
      .selectAll()
      .where('notifiee_le', 'is', null)
      .where('anonymisee_le', 'is', null)
      .where('statut', 'in', [...OPEN_STATUSES])
      .where('creee_le', '<', before)
      .execute();
  }

  async claimReminder(id: string, period: number, at: Date) {
    const r = await this.db
      .insertInto('orientation_relance')
      .values({ orientation_id: id, periode: period, envoyee_le: at })
      .onConflict((c) => c.columns(['orientation_id', 'periode']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async closedBefore(closedBefore: Date) {
    const rows = await this.db
      .selectFrom('orientation')
      .select('id')
      .where('close_le', '<', closedBefore)
      .where('anonymisee_le', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }

  async anonymise(id: string, at: Date) {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('orientation')
        .set({ ...PERSONAL_FIELDS, anonymisee_le: at })
        .where('id', '=', id)
        .where('anonymisee_le', 'is', null)
        .executeTakeFirst();
      // Free-text reasons may name the person: only the status trail stays.
      await trx
        .updateTable('orientation_evenement')
        .set({ motif: null })
        .where('orientation_id', '=', id)
        .execute();
      await trx.deleteFrom('orientation_lien').where('orientation_id', '=', id).execute();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  list(filter: ListFilter) {
    let q = this.db.selectFrom('orientation').selectAll();
    if (filter.statut) q = q.where('statut', '=', filter.statut);
    if (filter.offre_id) q = q.where('offre_id', '=', filter.offre_id);
    return q
      .orderBy('creee_le', 'desc')
      .limit(Math.min(filter.limit ?? 100, 1000))
      .execute();
  }

  async stats(): Promise<OfferStats[]> {
    const rows = await sql<{
      offre_id: string;
      structure_id: string;
      recues: string | number;
      repondues: string | number;
      acceptees: string | number;
      refusees: string | number;
      expirees_sans_reponse: string | number;
      delai: string | number | null;
    }>`
      select offre_id, min(structure_id) as structure_id,
        count(*) as recues,
        count(repondue_le) as repondues,
        count(*) filter (where statut = 'acceptee') as acceptees,
        count(*) filter (where statut = 'refusee') as refusees,
        count(*) filter (where statut = 'expiree' and repondue_le is null) as expirees_sans_reponse,
        percentile_cont(0.5) within group (order by extract(epoch from (repondue_le - creee_le)) / 86400)
          filter (where repondue_le is not null) as delai
      from orientation group by offre_id order by offre_id`.execute(this.db);
    return rows.rows.map((r) => ({
      offre_id: r.offre_id,
      structure_id: r.structure_id,
      recues: Number(r.recues),
      repondues: Number(r.repondues),
      acceptees: Number(r.acceptees),
      refusees: Number(r.refusees),
      expirees_sans_reponse: Number(r.expirees_sans_reponse),
      delai_median_jours: r.delai === null ? null : Math.round(Number(r.delai) * 10) / 10,
    }));
  }

  async ping() {
    await sql`select 1`.execute(this.db);
  }

  async close() {
    await this.db.destroy();
    await this.onClose();
  }
}
