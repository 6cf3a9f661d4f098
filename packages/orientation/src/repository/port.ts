// The orientation repository port. Two adapters (PGlite, PostgreSQL) share one SQL implementation
// and pass one contract suite (testing/repository-contract.ts).
import type { Selectable } from 'kysely';
import type { Actor, Status } from '../domain/workflow.ts';
import type { LinkRole } from '../tokens.ts';
import type { EventTable, OrientationTable } from './schema.ts';

export type OrientationRow = Selectable<OrientationTable>;
export type EventRow = Selectable<EventTable>;
export type NewOrientation = Omit<
  OrientationRow,
  'repondue_le' | 'close_le' | 'notifiee_le' | 'anonymisee_le' | 'motif_refus' | 'message_reponse'
>;

export interface NewLink {
  hash: string;
  role: LinkRole;
  expire_le: Date | null;
}

export interface TransitionRequest {
  from: readonly Status[];
  to: Status;
  actor: Actor;
  at: Date;
  motif?: string | undefined;
  /** Fields written with the status (refusal reason, answer message). */
  set?: Partial<Pick<OrientationRow, 'motif_refus' | 'message_reponse'>>;
}

export interface LinkLookup {
  orientation: OrientationRow;
  role: LinkRole;
  /** Why the link cannot be used, when it cannot. */
  refus?: 'expire' | 'revoque';
}

/** Statistics without personal data, per offer. */
export interface OfferStats {
  offre_id: string;
  structure_id: string;
  recues: number;
  repondues: number;
  acceptees: number;
  refusees: number;
  /** Expired without any answer from the structure. */
  expirees_sans_reponse: number;
  /** Median of (first answer − creation) in days, null without any answer. */
  delai_median_jours: number | null;
}

export interface ListFilter {
  statut?: Status | undefined;
  offre_id?: string | undefined;
  limit?: number | undefined;
}

export interface OrientationRepository {
  readonly kind: 'pglite' | 'postgresql';
  /** Creates the orientation with its first event and links, atomically; an existing idempotency key returns the stored one. */
  create(o: NewOrientation, links: NewLink[]): Promise<{ orientation: OrientationRow; created: boolean }>;
  get(id: string): Promise<OrientationRow | undefined>;
  events(id: string): Promise<EventRow[]>;
  /** The orientation a link opens (by the token's hash), with the reason it cannot be used if any. */
  findByLink(hash: string, now: Date): Promise<LinkLookup | undefined>;
  addLink(orientationId: string, link: NewLink, at: Date): Promise<void>;
  revokeLinks(orientationId: string, role: LinkRole | undefined, at: Date): Promise<number>;
  /** Changes the status only if it is still one of `from` (compare-and-set): concurrent answers, one wins. */
  transition(id: string, t: TransitionRequest): Promise<OrientationRow | undefined>;
  markNotified(id: string, at: Date): Promise<void>;
  /** Open orientations created before `before` (jobs). */
  openCreatedBefore(before: Date): Promise<OrientationRow[]>;
  /** Created but whose structure e-mail never went out, created before `before`. */
  unnotified(before: Date): Promise<OrientationRow[]>;
  /** True only for the one caller that claims this reminder period (idempotent across processes). */
  claimReminder(id: string, period: number, at: Date): Promise<boolean>;
  /** Closed before `closedBefore` and not yet anonymised. */
  closedBefore(closedBefore: Date): Promise<string[]>;
  /** Blanks every personal field and revokes every link; status and dates stay for statistics. */
  anonymise(id: string, at: Date): Promise<boolean>;
  list(filter: ListFilter): Promise<OrientationRow[]>;
  stats(): Promise<OfferStats[]>;
  /** Checks the database answers (health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
