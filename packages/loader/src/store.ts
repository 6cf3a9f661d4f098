// PartnerStore: per partner, the current offer set and every previous version, under DATA_DIR.
//
// Layout (one directory per partner, names checked so that an id can never escape it):
//   offers/<partner>/v000001.ndjson  immutable version files: one offer per line, then a metadata
//                                    line (version, date, who, counts, sha256 of the offer lines)
//   offers/<partner>/current.json    pointer {version, file, sha256, checksum}: replacing it with
//                                    one rename is the commit point of a publish
//   .publish.lock                    cross-process lock (publishes are serialised store-wide, which
//                                    also makes the "ids are unique across partners" check race-free)
// A crash before the pointer's rename leaves the old version current (the new version file, if any,
// is an orphan that the next publish overwrites); after it, the new one. Reading verifies checksums
// and falls back to the last good version with a French warning.
import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OFFER_FIELD_INDEX, OFFER_FIELDS, type Offer, PARTNER_ID } from '@spie/core';
import { AtomicFile, fsyncDir, removeStaleTemps, writeFileAtomic } from './atomic.ts';
import { DiffBuilder, type PublishDiff, type PublishMode } from './diff.ts';
import { type LockOptions, withLock } from './lock.ts';

export { PARTNER_ID };

/** The key offer ids are compared by across partners (case-insensitive). */
export const ownerKey = (id: string) => id.toLowerCase();

export interface ChangeCounts {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export interface VersionInfo {
  partner: string;
  version: number;
  /** ISO 8601 timestamp. */
  publishedAt: string;
  /** Who published (token owner, CLI user…). */
  by: string;
  rowCount: number;
  /** sha256 (hex) of the offer lines of the version file: equal content ⇔ equal hash. */
  sha256: string;
  counts: ChangeCounts;
  /** Set when this version restores an earlier one. */
  rollbackOf?: number;
}

export type PublishResult = VersionInfo;

export interface PublishSink {
  /** Ids of other partners' offers → their owner (loaded once, under the publish lock). */
  /** Other partners' offer ids (by `ownerKey`) and their owner. */
  readonly owners: ReadonlyMap<string, string>;
  /**
   * Append one offer to the new version; throws StoreError on a duplicate or foreign id. Returns a
   * promise only when it writes (about once per 64 KB): await it then.
   */
  write(offer: Offer): void | Promise<void>;
  /** Same as `write`, from `offerJsonWithoutPartner(offer)`. */
  writeJson(id: string, json: string): void | Promise<void>;
}

export class StoreError extends Error {
  constructor(
    readonly code:
      | 'invalid-partner'
      | 'conflict'
      | 'duplicate-id'
      | 'unknown-version'
      | 'corrupt'
      | 'write-failed',
    message: string,
    /** For `conflict`: the ids and the partner that owns each. */
    readonly conflicts: { id: string; owner: string }[] = [],
  ) {
    super(message);
  }
}

interface Pointer {
  format: 'spie-current/1';
  partner: string;
  version: number;
  file: string;
  sha256: string;
  rowCount: number;
  checksum: string;
}

interface LoadedVersion {
  info: VersionInfo;
  /** Offer lines (JSON, no newline), in file order. */
  lines: string[];
}

// Write failures (disk full, read-only DATA_DIR…) become a StoreError with a French message, so that
// callers report them like any refused publish. The path is left out: messages reach the site's API.
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'disque plein',
  EDQUOT: 'quota disque dépassé',
  EFBIG: 'taille de fichier maximale atteinte (disque plein ?)',
  EROFS: 'système de fichiers en lecture seule',
  EACCES: 'permission refusée',
  EPERM: 'opération non permise',
  ENOTDIR: 'un fichier occupe la place d’un dossier',
  EEXIST: 'un fichier occupe la place d’un dossier',
  EIO: 'erreur d’entrée-sortie du disque',
};

/** The French reason of a file-system write failure (« disque plein (ENOSPC) »), undefined for any other error. */
export function diskErrorReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code && code in WRITE_ERRORS ? `${WRITE_ERRORS[code]} (${code})` : undefined;
}

function writeFailure(e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (e instanceof StoreError || !code || !(code in WRITE_ERRORS)) return e;
  return new StoreError(
    'write-failed',
    `impossible d’enregistrer la nouvelle version dans l’entrepôt (DATA_DIR) : ${WRITE_ERRORS[code]} (${code}). Rien n’a été publié : la version précédente reste en place.`,
  );
}

const BATCH_BYTES = 1 << 16;
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const versionFile = (v: number) => `v${String(v).padStart(6, '0')}.ndjson`;
const pointerChecksum = (p: Omit<Pointer, 'checksum'>) =>
  sha256(JSON.stringify([p.format, p.partner, p.version, p.file, p.sha256, p.rowCount]));

/** Whether a `current.json` text is a valid pointer to exactly this version. */
function pointsTo(pointerText: string, info: VersionInfo): boolean {
  try {
    const p = JSON.parse(pointerText) as Pointer;
    return p.checksum === pointerChecksum(p) && p.version === info.version && p.sha256 === info.sha256;
  } catch {
    return false;
  }
}

// `partenaire` is the schema's last field: the JSON without it can be made while reading a partner's
// file (which never carries the partner) and completed by the store with one string operation.
const PARTNER_LAST = OFFER_FIELDS[OFFER_FIELDS.length - 1] === 'partenaire';

/** Canonical JSON of an offer: schema field order, so that equal offers give equal bytes. */
export function canonicalOfferJson(offer: Offer, partner: string): string {
  // Built in schema order then stringified (a JSON.stringify replacer array is several times slower).
  const out: Record<string, unknown> = {};
  for (const f of OFFER_FIELDS) {
    const v = f === 'partenaire' ? partner : offer[f];
    if (v !== undefined) out[f] = v;
  }
  return JSON.stringify(out);
}

/** Canonical JSON without `partenaire` (see `withPartner`). */
export function offerJsonWithoutPartner(offer: Offer): string {
  // Parsed offers already have their keys in schema order, without `partenaire` (JSON.stringify
  // skips undefined values): stringified as they are, without building a copy.
  if (inSchemaOrder(offer)) return JSON.stringify(offer);
  const out: Record<string, unknown> = {};
  for (const f of OFFER_FIELDS) {
    const v = f === 'partenaire' ? undefined : offer[f];
    if (v !== undefined) out[f] = v;
  }
  return JSON.stringify(out);
}

function inSchemaOrder(offer: Offer): boolean {
  let last = -1;
  for (const k in offer) {
    const i = OFFER_FIELD_INDEX.get(k);
    if (i === undefined || i <= last || k === 'partenaire') return false;
    last = i;
  }
  return true;
}

/** `offerJsonWithoutPartner(offer)` → `canonicalOfferJson(offer, partner)`, byte for byte. */
export function withPartner(json: string, partner: string): string {
  if (!PARTNER_LAST || json === '{}') return canonicalOfferJson(JSON.parse(json) as Offer, partner);
  return `${json.slice(0, -1)},"partenaire":${JSON.stringify(partner)}}`;
}

export interface CommitOptions {
  /** `replace` (default): the offers written are the partner's whole catalogue. */
  mode?: PublishMode;
  /** Sees what the new version changes (with the lists) before it is committed; false: nothing is. */
  decide?: (diff: PublishDiff) => boolean;
}

export interface PartnerStoreOptions extends LockOptions {
  /** Called with a French message when a corrupt file is detected and a fallback is used. */
  onWarning?: (message: string) => void;
}

export class PartnerStore {
  /** French warnings about corrupt files met while reading. */
  readonly warnings: string[] = [];
  private readonly lockPath: string;
  /**
   * A partner's verified current version (metadata and offer ids), kept with the text of the
   * `current.json` that pointed to it: version files never change once written, so while that pointer
   * reads the same, ownership checks and summaries need not read and hash every partner's offers again
   * (at 100,000 offers that took seconds of a server's CPU on every publication).
   */
  private readonly verified = new Map<string, { pointer: string; info: VersionInfo; ids: string[] }>();

  constructor(
    readonly dataDir: string,
    private readonly options: PartnerStoreOptions = {},
  ) {
    this.lockPath = join(dataDir, '.publish.lock');
  }

  private partnerDir(partner: string): string {
    if (!PARTNER_ID.test(partner))
      throw new StoreError(
        'invalid-partner',
        `identifiant de partenaire invalide : « ${partner} » (minuscules, chiffres et tirets, 2 à 63 caractères)`,
      );
    return join(this.dataDir, 'offers', partner);
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.options.onWarning?.(message);
  }

  /** Partners that have published at least once. */
  async partners(): Promise<string[]> {
    // Directories only: a stray file named like a partner must not make every read fail (ENOTDIR).
    const entries = await readdir(join(this.dataDir, 'offers'), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && PARTNER_ID.test(e.name))
      .map((e) => e.name)
      .sort();
  }

  async isEmpty(): Promise<boolean> {
    for (const p of await this.partners()) if (await this.load(p)) return false;
    return true;
  }

  /** Every partner's current offers. */
  async currentOffers(): Promise<Offer[]> {
    const all: Offer[] = [];
    for (const p of await this.partners()) for (const o of await this.partnerOffers(p)) all.push(o);
    return all;
  }

  async partnerOffers(partner: string): Promise<Offer[]> {
    const loaded = await this.load(partner);
    return loaded ? loaded.lines.map((l) => JSON.parse(l) as Offer) : [];
  }

  /** The current version's metadata, undefined before the first publish. */
  async current(partner: string): Promise<VersionInfo | undefined> {
    return (await this.load(partner))?.info;
  }

  /**
   * Current version of every partner (for health pages). `verify: false` reads each version's
   * metadata trailer as the `current.json` pointer names it, without hashing its offers (a start-up
   * at national scale); a partner whose pointer or trailer is unreadable is read and verified anyway.
   */
  async summary(options: { verify?: boolean } = {}): Promise<VersionInfo[]> {
    const out: VersionInfo[] = [];
    for (const p of await this.partners()) {
      const info =
        (options.verify === false ? await this.pointedInfo(p) : undefined) ??
        (await this.verifiedCurrent(p))?.info;
      if (info) out.push(info);
    }
    return out;
  }

  private async pointedInfo(partner: string): Promise<VersionInfo | undefined> {
    const dir = this.partnerDir(partner);
    try {
      const p = JSON.parse(await readFile(join(dir, 'current.json'), 'utf8')) as Pointer;
      if (p.checksum !== pointerChecksum(p) || p.partner !== partner) return undefined;
      const info = await this.readMeta(dir, p.version);
      return info?.sha256 === p.sha256 ? info : undefined;
    } catch {
      return undefined;
    }
  }

  /** `load` through the `verified` cache (only a valid pointer is cached; anything else reads anew). */
  private async verifiedCurrent(partner: string): Promise<{ info: VersionInfo; ids: string[] } | undefined> {
    const pointer = await readFile(join(this.partnerDir(partner), 'current.json'), 'utf8').catch(
      () => undefined,
    );
    const known = this.verified.get(partner);
    if (pointer !== undefined && known?.pointer === pointer) return known;
    this.verified.delete(partner);
    const loaded = await this.load(partner);
    if (!loaded) return undefined;
    const entry = { pointer: pointer ?? '', info: loaded.info, ids: loaded.lines.map(idOfLine) };
    // cached only when the pointer names exactly this version (not a fallback after corruption)
    if (pointer !== undefined && pointsTo(pointer, loaded.info)) this.verified.set(partner, entry);
    return entry;
  }

  /**
   * Each partner's current version as a key (`v<version>:<sha256>`), read from the `current.json`
   * pointers only (no version file read): cheap enough for a start-up to compare with what a persisted
   * search index was built from. An unreadable pointer gets a key that matches nothing, so that the
   * partner is read again (`partnerOffers` then verifies and falls back as usual).
   */
  async currentVersions(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const p of await this.partners()) {
      const text = await readFile(join(this.partnerDir(p), 'current.json'), 'utf8').catch(() => undefined);
      let key = `illisible:${randomUUID()}`;
      try {
        const pointer = JSON.parse(text ?? '') as Pointer;
        if (pointer.checksum === pointerChecksum(pointer) && pointer.partner === p)
          key = `v${pointer.version}:${pointer.sha256}`;
      } catch {
        // keeps the key that matches nothing
      }
      out[p] = key;
    }
    return out;
  }

  /** Every version up to the current one, oldest first. */
  async history(partner: string): Promise<VersionInfo[]> {
    const dir = this.partnerDir(partner);
    const current = await this.load(partner);
    if (!current) return [];
    const out: VersionInfo[] = [];
    for (const v of await this.versionNumbers(dir)) {
      if (v > current.info.version) continue; // orphan of an interrupted publish
      const info = v === current.info.version ? current.info : await this.readMeta(dir, v);
      if (info) out.push(info);
    }
    return out;
  }

  /**
   * Which partner owns each of `ids` (all ids when `ids` is undefined), other than `except`. Keyed by
   * `ownerKey(id)`: ids are compared without case across partners, so that no partner can publish
   * « MISSION-1 » next to another's « mission-1 » and pass for it (issue 14).
   */
  async ownersOf(ids: Iterable<string> | undefined, except?: string): Promise<Map<string, string>> {
    const wanted = ids === undefined ? undefined : new Set([...ids].map(ownerKey));
    const owners = new Map<string, string>();
    if (wanted?.size === 0) return owners;
    for (const p of await this.partners()) {
      if (p === except) continue;
      const current = await this.verifiedCurrent(p);
      if (!current) continue;
      for (const id of current.ids) {
        const key = ownerKey(id);
        if (!wanted || wanted.has(key)) owners.set(key, p);
      }
    }
    return owners;
  }

  /**
   * Replace `partner`'s offers by `offers` (atomically, serialised with every other publish).
   * Throws StoreError when an id is duplicated or owned by another partner: nothing is written then.
   */
  async publish(partner: string, offers: readonly Offer[], meta: { by: string }): Promise<PublishResult> {
    const result = await this.publishStream(partner, meta, async (sink) => {
      const conflicts = offers
        .filter((o) => sink.owners.has(ownerKey(o.id)))
        .map((o) => ({ id: o.id, owner: sink.owners.get(ownerKey(o.id))! }));
      if (conflicts.length) {
        const first = conflicts[0]!;
        throw new StoreError(
          'conflict',
          `${conflicts.length} identifiant(s) appartiennent déjà à un autre partenaire, par exemple « ${first.id} » (partenaire « ${first.owner} ») : un partenaire ne peut ni créer ni modifier les offres d’un autre`,
          conflicts,
        );
      }
      for (const o of offers) await sink.write(o);
      return true;
    });
    return result!;
  }

  /**
   * Streaming publish, for files larger than memory should hold: `produce` writes offers one by one
   * into the new version (a temp file) and returns whether to commit it. Nothing is visible before
   * the commit; when `produce` returns false or throws, the temp file is removed and the current
   * version stays. `sink.owners` holds the ids of other partners (checked again by `write`).
   */
  async publishStream(
    partner: string,
    meta: { by: string },
    produce: (sink: PublishSink) => Promise<boolean>,
    options: CommitOptions = {},
  ): Promise<PublishResult | undefined> {
    const dir = this.partnerDir(partner);
    return this.locked(async () => {
      const owners = await this.ownersOf(undefined, partner);
      const partnerTail = `,"partenaire":${JSON.stringify(partner)}}`;
      return this.commitStream(partner, dir, meta.by, undefined, options, async (writeLine) => {
        const seen = new Set<string>();
        const admit = (id: string) => {
          if (seen.has(id))
            throw new StoreError('duplicate-id', `identifiant en double dans la publication : « ${id} »`);
          const owner = owners.get(ownerKey(id));
          if (owner !== undefined)
            throw new StoreError(
              'conflict',
              `l’identifiant « ${id} » appartient au partenaire « ${owner} » : un partenaire ne peut ni créer ni modifier les offres d’un autre`,
              [{ id, owner }],
            );
          seen.add(id);
        };
        return produce({
          owners,
          write: (offer) => {
            admit(offer.id);
            return writeLine(offer.id, canonicalOfferJson(offer, partner));
          },
          writeJson: (id, json) => {
            admit(id);
            if (!PARTNER_LAST || json === '{}') return writeLine(id, withPartner(json, partner));
            // withPartner without the concatenation: the body, then the partner's member.
            return writeLine(id, json.slice(0, -1), partnerTail);
          },
        });
      });
    });
  }

  /**
   * A dry run of `publishStream`: the same `produce`, nothing written, no lock taken; the diff
   * against the current version when `produce` returns true.
   */
  async previewDiff(
    partner: string,
    mode: PublishMode,
    produce: (sink: PublishSink) => Promise<boolean>,
  ): Promise<PublishDiff | undefined> {
    this.partnerDir(partner); // checks the id
    const owners = await this.ownersOf(undefined, partner);
    const current = await this.load(partner);
    const previous = new Map<string, string>();
    for (const l of current?.lines ?? []) previous.set(idOfLine(l), l);
    const diff = new DiffBuilder(previous, mode, true);
    const partnerTail = `,"partenaire":${JSON.stringify(partner)}}`;
    const ok = await produce({
      owners,
      write: (offer) => diff.see(offer.id, canonicalOfferJson(offer, partner)),
      writeJson: (id, json) =>
        !PARTNER_LAST || json === '{}'
          ? diff.see(id, withPartner(json, partner))
          : diff.see(id, json.slice(0, -1), partnerTail),
    });
    if (!ok) return undefined;
    if (mode === 'complement') for (const [id, line] of [...diff.absent()]) diff.see(id, line);
    return diff.finish();
  }

  /** Publish again, byte for byte, the offers of an earlier version (as a new version). */
  async rollback(partner: string, version: number, meta: { by: string }): Promise<PublishResult> {
    const dir = this.partnerDir(partner);
    return this.locked(async () => {
      const current = await this.load(partner);
      const target =
        current && version <= current.info.version ? await this.readVersion(dir, version) : undefined;
      if (!target)
        throw new StoreError(
          'unknown-version',
          `version ${version} introuvable ou illisible pour le partenaire « ${partner} »`,
        );
      const owners = await this.ownersOf(target.lines.map(idOfLine), partner);
      if (owners.size) {
        const [id, owner] = [...owners][0]!;
        throw new StoreError(
          'conflict',
          `impossible de revenir à la version ${version} : l’identifiant « ${id} » appartient désormais au partenaire « ${owner} »`,
          [...owners].map(([i, o]) => ({ id: i, owner: o })),
        );
      }
      const result = await this.commitStream(partner, dir, meta.by, version, {}, async (writeLine) => {
        for (const line of target.lines) await writeLine(idOfLine(line), line);
        return true;
      });
      return result!;
    });
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return mkdir(this.dataDir, { recursive: true })
      .then(() => withLock(this.lockPath, fn, this.options))
      .catch((e: unknown) => {
        throw writeFailure(e);
      });
  }

  private async commitStream(
    partner: string,
    dir: string,
    by: string,
    rollbackOf: number | undefined,
    options: CommitOptions,
    /** `writeLine(id, body, tail)` appends the line `body + tail` (tail: e.g. the partner's member). */
    produce: (
      writeLine: (id: string, body: string, tail?: string) => void | Promise<void>,
    ) => Promise<boolean>,
  ): Promise<PublishResult | undefined> {
    await mkdir(dir, { recursive: true });
    await fsyncDir(join(this.dataDir, 'offers'));
    await removeStaleTemps(dir);
    const current = await this.load(partner);
    const previous = new Map<string, string>();
    for (const l of current?.lines ?? []) previous.set(idOfLine(l), l);
    const version = (current?.info.version ?? 0) + 1;
    const file = versionFile(version);
    const hash = createHash('sha256');
    let rowCount = 0;
    const append = (body: string, tail: string) => {
      used += batch.write(body, used, 'utf8');
      if (tail) used += batch.write(tail, used, 'utf8');
      batch[used++] = 0x0a;
    };
    // Step 1: the immutable version file, written to a temp file (an orphan if we crash before step 2).
    const out = await AtomicFile.create(join(dir, file));
    // Lines are encoded straight into ~64 KB byte batches, hashed and handed to the file (which
    // writes per MB): no joined copies of the text, nothing kept long enough to reach V8's old space.
    let batch = Buffer.allocUnsafe(BATCH_BYTES);
    let used = 0;
    const flush = () => {
      const bytes = batch.subarray(0, used);
      batch = Buffer.allocUnsafe(BATCH_BYTES);
      used = 0;
      hash.update(bytes);
      return out.write(bytes);
    };
    const mode = options.mode ?? 'replace';
    const diff = new DiffBuilder(previous, mode, options.decide !== undefined);
    let commit: boolean;
    try {
      const writeLine = (id: string, body: string, tail = ''): void | Promise<void> => {
        diff.see(id, body, tail);
        rowCount++;
        // At most 3 bytes per UTF-16 unit: room checked before encoding.
        const most = 3 * (body.length + tail.length) + 1;
        if (used + most > batch.length) {
          if (used > 0) {
            const pending = flush();
            if (most > batch.length) batch = Buffer.allocUnsafe(most);
            return pending.then(() => append(body, tail));
          }
          if (most > batch.length) batch = Buffer.allocUnsafe(most);
        }
        append(body, tail);
      };
      commit = await produce(writeLine);
      // Complement: the partner's offers absent from the file stay as they are.
      if (commit && mode === 'complement')
        for (const [id, line] of [...diff.absent()]) await writeLine(id, line);
      if (used > 0) await flush();
    } catch (e) {
      await out.abort();
      throw e;
    }
    const { added, changed, removed, unchanged } = diff.finish();
    const counts: ChangeCounts = { added, changed, removed, unchanged };
    if (commit && options.decide) commit = options.decide(diff.diff);
    if (!commit) {
      await out.abort();
      return undefined;
    }
    const info: VersionInfo = {
      partner,
      version,
      publishedAt: new Date().toISOString(),
      by,
      rowCount,
      sha256: hash.digest('hex'),
      counts,
      ...(rollbackOf !== undefined ? { rollbackOf } : {}),
    };
    // The metadata is the last line: a truncated file has none and is rejected on reading.
    await out.write(`${JSON.stringify({ format: 'spie-offers/1', ...info })}\n`);
    await out.commit();
    // Step 2, the commit point: one rename of the pointer.
    const body = {
      format: 'spie-current/1' as const,
      partner,
      version,
      file,
      sha256: info.sha256,
      rowCount,
    };
    const pointer: Pointer = { ...body, checksum: pointerChecksum(body) };
    await writeFileAtomic(join(dir, 'current.json'), [JSON.stringify(pointer, null, 2)]);
    return info;
  }

  private async versionNumbers(dir: string): Promise<number[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    return names
      .map((n) => /^v(\d{6})\.ndjson$/.exec(n)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Read and verify one version file; undefined when missing or corrupt. */
  private async readVersion(dir: string, version: number): Promise<LoadedVersion | undefined> {
    let text: string;
    try {
      text = await readFile(join(dir, versionFile(version)), 'utf8');
    } catch {
      return undefined;
    }
    const lines = text.split('\n');
    if (lines.pop() !== '') return undefined; // truncated: every line ends with a newline
    const head = lines.pop(); // metadata trailer
    let info: VersionInfo;
    try {
      const meta = JSON.parse(head ?? '') as VersionInfo & { format?: string };
      if (meta.format !== 'spie-offers/1' || meta.version !== version) return undefined;
      const { format: _format, ...rest } = meta;
      info = rest;
    } catch {
      return undefined;
    }
    const hash = createHash('sha256');
    for (const l of lines) hash.update(`${l}\n`);
    if (hash.digest('hex') !== info.sha256 || lines.length !== info.rowCount) return undefined;
    return { info, lines };
  }

  /** Metadata trailer only (history listing must not read every version's offers). */
  private async readMeta(dir: string, version: number): Promise<VersionInfo | undefined> {
    let fd: FileHandle | undefined;
    try {
      fd = await open(join(dir, versionFile(version)), 'r');
      const { size } = await fd.stat();
      const length = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fd.read(buf, 0, length, size - length);
      const text = buf.subarray(0, bytesRead).toString('utf8');
      if (!text.endsWith('\n')) return undefined;
      const last = text.slice(text.lastIndexOf('\n', text.length - 2) + 1, -1);
      const { format, ...info } = JSON.parse(last) as VersionInfo & { format?: string };
      return format === 'spie-offers/1' && info.version === version ? info : undefined;
    } catch {
      return undefined;
    } finally {
      await fd?.close();
    }
  }

  /** The partner's current version, verified; falls back to the last good version if corrupt. */
  private async load(partner: string): Promise<LoadedVersion | undefined> {
    const dir = this.partnerDir(partner);
    let pointerText: string;
    try {
      pointerText = await readFile(join(dir, 'current.json'), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        // Never committed, or the pointer was lost: versions on disk may still be good.
        const versions = await this.versionNumbers(dir);
        if (!versions.length) return undefined;
        return this.fallback(partner, dir, versions, 'le fichier current.json est absent');
      }
      throw e;
    }
    let pointer: Pointer | undefined;
    try {
      const p = JSON.parse(pointerText) as Pointer;
      if (p.format === 'spie-current/1' && p.checksum === pointerChecksum(p) && p.partner === partner)
        pointer = p;
    } catch {
      pointer = undefined;
    }
    const versions = await this.versionNumbers(dir);
    if (!pointer)
      return this.fallback(
        partner,
        dir,
        versions,
        'le fichier current.json est corrompu (somme de contrôle invalide)',
      );
    const loaded = await this.readVersion(dir, pointer.version);
    if (loaded && loaded.info.sha256 === pointer.sha256) return loaded;
    return this.fallback(
      partner,
      dir,
      versions.filter((v) => v < pointer.version),
      `la version ${pointer.version} est corrompue (somme de contrôle sha256 invalide)`,
    );
  }

  private async fallback(
    partner: string,
    dir: string,
    candidates: number[],
    why: string,
  ): Promise<LoadedVersion | undefined> {
    for (const v of [...candidates].sort((a, b) => b - a)) {
      const loaded = await this.readVersion(dir, v);
      if (loaded) {
        this.warn(
          `Offres du partenaire « ${partner} » : ${why} ; retour à la dernière version valide (version ${v} du ${loaded.info.publishedAt}). Republiez ou revenez à une version pour réparer.`,
        );
        return loaded;
      }
    }
    this.warn(
      `Offres du partenaire « ${partner} » : ${why} et aucune version valide n’a été trouvée ; aucune offre n’est servie.`,
    );
    return undefined;
  }
}

/** Canonical lines start with `{"id":"…"`: read the id without parsing the whole offer. */
function idOfLine(line: string): string {
  if (line.startsWith('{"id":"')) {
    const end = line.indexOf('","', 7);
    const raw = line.slice(7, end);
    if (end > 0 && !raw.includes('\\')) return raw;
  }
  return (JSON.parse(line) as { id: string }).id;
}
