// Tables and migrations: the same SQL on PGlite and PostgreSQL. A migration is never edited once
// released; add the next one.
import type { ColumnType, Generated } from 'kysely';
import type { Actor, Status } from '../domain/workflow.ts';
import type { LinkRole } from '../tokens.ts';

type Timestamp = ColumnType<Date, Date, Date>;

export interface OrientationTable {
  id: string;
  cle_idempotence: string | null;
  offre_id: string;
  offre_nom: string;
  structure_id: string;
  structure_nom: string | null;
  /** The offer's contact e-mail when the orientation was made: the only address links are sent to. */
  contact_courriel: string;
  statut: Status;
  prenom: string | null;
  nom: string | null;
  telephone: string | null;
  courriel: string | null;
  contact_prefere: string | null;
  disponible_le: string | null;
  message: string | null;
  besoins: string[] | null;
  referent_nom: string | null;
  referent_courriel: string | null;
  referent_structure: string | null;
  motif_refus: string | null;
  message_reponse: string | null;
  creee_le: Timestamp;
  /** First answer of the structure (à l'étude, acceptée or refusée): answer-time statistics. */
  repondue_le: Timestamp | null;
  close_le: Timestamp | null;
  /** When the structure's first e-mail went out (a crash between commit and mail is caught up by the jobs). */
  notifiee_le: Timestamp | null;
  anonymisee_le: Timestamp | null;
}

export interface EventTable {
  id: Generated<number>;
  orientation_id: string;
  le: Timestamp;
  acteur: Actor;
  de: Status | null;
  vers: Status;
  motif: string | null;
}

export interface LinkTable {
  hash: string;
  orientation_id: string;
  role: LinkRole;
  cree_le: Timestamp;
  expire_le: Timestamp | null;
  revoque_le: Timestamp | null;
}

export interface ReminderTable {
  orientation_id: string;
  periode: number;
  envoyee_le: Timestamp;
}

export interface Database {
  orientation: OrientationTable;
  orientation_evenement: EventTable;
  orientation_lien: LinkTable;
  orientation_relance: ReminderTable;
}

export const MIGRATIONS: readonly string[] = [
  `
  create table orientation (
    id uuid primary key,
    cle_idempotence text unique,
    offre_id text not null,
    offre_nom text not null,
    structure_id text not null,
    structure_nom text,
    contact_courriel text not null,
    statut text not null check (statut in ('en_attente','a_l_etude','acceptee','refusee','expiree','annulee')),
    prenom text, nom text, telephone text, courriel text, contact_prefere text,
    disponible_le text, message text, besoins text[],
    referent_nom text, referent_courriel text, referent_structure text,
    motif_refus text, message_reponse text,
    creee_le timestamptz not null,
    repondue_le timestamptz,
    close_le timestamptz,
    notifiee_le timestamptz,
    anonymisee_le timestamptz
  );
  create index orientation_offre on orientation (offre_id);
  create index orientation_ouverte on orientation (creee_le) where statut in ('en_attente','a_l_etude');
  create table orientation_evenement (
    id bigserial primary key,
    orientation_id uuid not null references orientation (id),
    le timestamptz not null,
    acteur text not null,
    de text,
    vers text not null,
    motif text
  );
  create index orientation_evenement_orientation on orientation_evenement (orientation_id);
  create table orientation_lien (
    hash text primary key,
    orientation_id uuid not null references orientation (id),
    role text not null check (role in ('structure','referent')),
    cree_le timestamptz not null,
    expire_le timestamptz,
    revoque_le timestamptz
  );
  create index orientation_lien_orientation on orientation_lien (orientation_id);
  create table orientation_relance (
    orientation_id uuid not null references orientation (id),
    periode integer not null,
    envoyee_le timestamptz not null,
    primary key (orientation_id, periode)
  );
  `,
];
