// PartnerRegistry: partners and their token hashes in DATA_DIR/partners.json.
// Tokens are 32 random bytes (base64url), shown once; only their sha256 is stored. A salted slow
// hash is not needed for such high-entropy secrets; comparison is constant-time. A token can be
// rotated (a new one, the old refused) or revoked; each change bumps the partner's token generation,
// which the site's sessions are bound to. The file is kept in memory, indexed by token hash, and
// read again only when it changes on disk (a failed token used to cost one read per partner).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.ts';
import { withLock } from './lock.ts';
import { PARTNER_ID } from './store.ts';

export interface Partner {
  id: string;
  name: string;
  createdAt: string;
}

interface StoredPartner extends Partner {
  /** sha256 (hex) of the token; '' once revoked. */
  tokenSha256: string;
  /** 1 for the first token, +1 on each rotation or revocation (absent: 1). */
  tokenGeneration?: number;
  revokedAt?: string;
}

interface Loaded {
  stamp: string;
  data: RegistryFile;
  byId: Map<string, StoredPartner>;
  byHash: Map<string, StoredPartner>;
}

interface RegistryFile {
  format: 'spie-partners/1';
  partners: StoredPartner[];
}

export class RegistryError extends Error {}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class PartnerRegistry {
  readonly path: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, 'partners.json');
  }

  private loaded: Loaded | undefined;

  /** The registry as on disk: re-read only when its size, mtime or inode changed. */
  private async load(): Promise<Loaded> {
    const info = await stat(this.path, { bigint: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    const stamp = info ? `${info.ino}:${info.size}:${info.mtimeNs}` : 'absent';
    if (this.loaded?.stamp === stamp) return this.loaded;
    const data = info ? await this.parse() : { format: 'spie-partners/1' as const, partners: [] };
    const byId = new Map(data.partners.map((p) => [p.id, p]));
    const byHash = new Map(data.partners.filter((p) => p.tokenSha256).map((p) => [p.tokenSha256, p]));
    this.loaded = { stamp, data, byId, byHash };
    return this.loaded;
  }

  private async parse(): Promise<RegistryFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'spie-partners/1', partners: [] };
      throw e;
    }
    try {
      const data = JSON.parse(text) as RegistryFile;
      if (data.format !== 'spie-partners/1' || !Array.isArray(data.partners)) throw new Error('format');
      return data;
    } catch {
      throw new RegistryError(`fichier des partenaires illisible : ${this.path}`);
    }
  }

  private async read(): Promise<RegistryFile> {
    return (await this.load()).data;
  }

  /** Changes one partner's stored entry under the registry lock. */
  private async update(id: string, change: (p: StoredPartner) => void): Promise<void> {
    await withLock(`${this.path}.lock`, async () => {
      const data = structuredClone(await this.parse());
      const partner = data.partners.find((p) => p.id === id);
      if (!partner) throw new RegistryError(`partenaire inconnu : « ${id} »`);
      change(partner);
      await writeFileAtomic(this.path, [`${JSON.stringify(data, null, 2)}\n`]);
    });
  }

  /** A new token for partner `id` (shown once); the previous token and its sessions are refused. */
  async rotate(id: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.update(id, (p) => {
      p.tokenSha256 = hashToken(token).toString('hex');
      p.tokenGeneration = (p.tokenGeneration ?? 1) + 1;
      delete p.revokedAt;
    });
    return token;
  }

  /** No token works for partner `id` any more (until `rotate`); its offers stay published. */
  async revoke(id: string): Promise<void> {
    await this.update(id, (p) => {
      p.tokenSha256 = '';
      p.tokenGeneration = (p.tokenGeneration ?? 1) + 1;
      p.revokedAt = new Date().toISOString();
    });
  }

  /** The generation of partner `id`'s current token; undefined when unknown or revoked. */
  async tokenGeneration(id: string): Promise<number | undefined> {
    const p = (await this.load()).byId.get(id);
    return p?.tokenSha256 ? (p.tokenGeneration ?? 1) : undefined;
  }

  /** The partner whose current token is `token`, if any (an index lookup, not a scan). */
  async ownerOf(token: string): Promise<string | undefined> {
    return (await this.load()).byHash.get(hashToken(token).toString('hex'))?.id;
  }

  /** Create a partner; returns its token, which is not stored and cannot be shown again. */
  async add(id: string, name: string): Promise<string> {
    if (!PARTNER_ID.test(id))
      throw new RegistryError(
        `identifiant de partenaire invalide : « ${id} » (minuscules, chiffres et tirets, 2 à 63 caractères)`,
      );
    if (name.trim() === '') throw new RegistryError('le nom du partenaire est obligatoire');
    await mkdir(this.dataDir, { recursive: true });
    return withLock(`${this.path}.lock`, async () => {
      const data = structuredClone(await this.parse());
      if (data.partners.some((p) => p.id === id))
        throw new RegistryError(`le partenaire « ${id} » existe déjà`);
      const token = randomBytes(32).toString('base64url');
      data.partners.push({
        id,
        name: name.trim(),
        createdAt: new Date().toISOString(),
        tokenSha256: hashToken(token).toString('hex'),
      });
      await writeFileAtomic(this.path, [`${JSON.stringify(data, null, 2)}\n`]);
      return token;
    });
  }

  /** Does `token` belong to partner `id`? (A token only ever acts on its own partner.) */
  async verify(id: string, token: string): Promise<boolean> {
    const partner = (await this.load()).byId.get(id);
    const given = hashToken(token);
    // Compare against a dummy hash for unknown (or revoked) partners so that timing does not reveal ids.
    const expected = partner?.tokenSha256
      ? Buffer.from(partner.tokenSha256, 'hex')
      : Buffer.alloc(given.length);
    return (
      expected.length === given.length && timingSafeEqual(expected, given) && Boolean(partner?.tokenSha256)
    );
  }

  async get(id: string): Promise<Partner | undefined> {
    const p = (await this.load()).byId.get(id);
    return p ? { id: p.id, name: p.name, createdAt: p.createdAt } : undefined;
  }

  async list(): Promise<Partner[]> {
    return (await this.read()).partners.map(({ id, name, createdAt }) => ({ id, name, createdAt }));
  }
}
