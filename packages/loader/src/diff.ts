// What a publication changes for a partner, shown before anything is published: offers added,
// updated (with the fields that change) and withdrawn (by name). Counts are exact; the lists stop at
// `MAX_LISTED` entries each so that a 100,000-offer first publication keeps a bounded answer.
import { OFFER_FIELDS } from '@spie/core';

/** replace: the file is the partner's whole catalogue; complement: it adds and updates only. */
export type PublishMode = 'replace' | 'complement';
export const PUBLISH_MODES: Record<'remplacer' | 'complement', PublishMode> = {
  remplacer: 'replace',
  complement: 'complement',
};

export interface ListedOffer {
  id: string;
  nom: string;
}
export interface ChangedOffer extends ListedOffer {
  /** Fields whose value differs, in schema order. */
  fields: string[];
}

export interface PublishDiff {
  mode: PublishMode;
  /** Offers the partner had before this publication. */
  previous: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  addedList: ListedOffer[];
  changedList: ChangedOffer[];
  removedList: ListedOffer[];
  /** Some lists stopped at MAX_LISTED. */
  truncated: boolean;
}

export const MAX_LISTED = 2_000;

/** Withdrawing more than this share of a partner's offers needs an explicit confirmation. */
export const REMOVAL_CONFIRMATION_SHARE = 1 / 3;

/** Does this diff withdraw enough offers to need the partner's explicit confirmation? */
export const needsRemovalConfirmation = (d: PublishDiff) =>
  d.previous > 0 && d.removed > d.previous * REMOVAL_CONFIRMATION_SHARE;

export const hasChanges = (d: PublishDiff) => d.added + d.changed + d.removed > 0;

/**
 * Builds the diff as the new version's lines are seen, against the partner's current lines: used by
 * the store while it writes a version, and for a dry run (nothing written).
 */
export class DiffBuilder {
  readonly diff: PublishDiff;
  private readonly kept = new Set<string>();

  constructor(
    private readonly previous: ReadonlyMap<string, string>,
    mode: PublishMode,
    /** Lists cost a JSON parse per listed offer: only when someone will read them. */
    private readonly listing: boolean,
  ) {
    this.diff = {
      mode,
      previous: previous.size,
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 0,
      addedList: [],
      changedList: [],
      removedList: [],
      truncated: false,
    };
  }

  /** One line of the new version, `body + tail` (canonical JSON with `partenaire`), not joined unless needed. */
  see(id: string, body: string, tail = ''): void {
    const d = this.diff;
    const prev = this.previous.get(id);
    this.kept.add(id);
    if (prev === undefined) {
      d.added++;
      if (this.listing) this.list(d.addedList, () => listedOf(id, body + tail));
    } else if (
      prev.length === body.length + tail.length &&
      prev.startsWith(body) &&
      (tail === '' || prev.endsWith(tail))
    )
      d.unchanged++;
    else {
      d.changed++;
      if (this.listing)
        this.list(d.changedList, () => ({ ...listedOf(id, prev), fields: changedFields(prev, body + tail) }));
    }
  }

  has(id: string): boolean {
    return this.kept.has(id);
  }

  /** The previous lines absent from the new version (complement mode writes them back). */
  *absent(): Iterable<[string, string]> {
    for (const entry of this.previous) if (!this.kept.has(entry[0])) yield entry;
  }

  /** Counts the withdrawn offers (call once, after every line was seen). */
  finish(): PublishDiff {
    for (const [id, line] of this.absent()) {
      this.diff.removed++;
      if (this.listing) this.list(this.diff.removedList, () => listedOf(id, line));
    }
    return this.diff;
  }

  private list<T>(list: T[], make: () => T): void {
    if (list.length < MAX_LISTED) list.push(make());
    else this.diff.truncated = true;
  }
}

/** An offer line of the store (canonical JSON) → its listed form. */
export function listedOf(id: string, line: string): ListedOffer {
  return { id, nom: nomOfLine(line) };
}

function nomOfLine(line: string): string {
  try {
    const nom = (JSON.parse(line) as { nom?: unknown }).nom;
    return typeof nom === 'string' ? nom : '';
  } catch {
    return '';
  }
}

/** The fields that differ between two offer lines, in schema order. */
export function changedFields(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return OFFER_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}
