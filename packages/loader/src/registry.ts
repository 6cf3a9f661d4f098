// PartnerRegistry: partners and their token hashes in DATA_DIR/partners.json.
// Tokens are 32 random bytes (base64url), shown once; only their sha256 is stored. A salted slow
// hash is not needed for such high-entropy secrets; comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
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
  /** sha256 (hex) of the token. */
  tokenSha256: string;
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

  private async read(): Promise<RegistryFile> {
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

  /** Create a partner; returns its token, which is not stored and cannot be shown again. */
  async add(id: string, name: string): Promise<string> {
    if (!PARTNER_ID.test(id))
      throw new RegistryError(
        `identifiant de partenaire invalide : « ${id} » (minuscules, chiffres et tirets, 2 à 63 caractères)`,
      );
    if (name.trim() === '') throw new RegistryError('le nom du partenaire est obligatoire');
    await mkdir(this.dataDir, { recursive: true });
    return withLock(`${this.path}.lock`, async () => {
      const data = await this.read();
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
    const partner = (await this.read()).partners.find((p) => p.id === id);
    const given = hashToken(token);
    // Compare against a dummy hash for unknown partners so that timing does not reveal ids.
    const expected = partner ? Buffer.from(partner.tokenSha256, 'hex') : Buffer.alloc(given.length);
    return expected.length === given.length && timingSafeEqual(expected, given) && partner !== undefined;
  }

  async get(id: string): Promise<Partner | undefined> {
    const p = (await this.read()).partners.find((x) => x.id === id);
    return p ? { id: p.id, name: p.name, createdAt: p.createdAt } : undefined;
  }

  async list(): Promise<Partner[]> {
    return (await this.read()).partners.map(({ id, name, createdAt }) => ({ id, name, createdAt }));
  }
}
