// Embedded adapter: PGlite (PostgreSQL compiled to WASM) in DATA_DIR/orientations. PGlite must be
// opened by one process at a time, so the directory carries a lock file naming its holder; a second
// process (the CLI while the site runs) is refused with a French message instead of corrupting it.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Database } from './schema.ts';
import { migrate, SqlOrientationRepository } from './sql-repository.ts';

export class DatabaseBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `La base des orientations (${dir}) est ouverte par un autre processus (pid ${pid}), sans doute le site : ` +
        'PGlite ne peut être ouvert que par un processus à la fois. Arrêtez le site, ou configurez DATABASE_URL (PostgreSQL) pour partager la base.',
    );
    this.name = 'DatabaseBusyError';
  }
}

const LOCK = 'spie-orientations.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory for this process; a lock left by a dead process is taken over. */
export function lockDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(path, { force: true });
      const onExit = () => release();
      process.once('exit', onExit);
      return () => {
        process.off('exit', onExit);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new DatabaseBusyError(dir, holder);
      if (holder === process.pid) throw new DatabaseBusyError(dir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`verrou de ${dir} impossible à prendre`);
}

/** Opens (creating and migrating if needed) the embedded database; `dir` undefined = in memory (tests). */
export async function openPgliteRepository(dir?: string): Promise<SqlOrientationRepository> {
  const release = dir ? lockDirectory(dir) : () => {};
  try {
    const client = await PGlite.create(dir ? join(dir, 'pgdata') : undefined);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    await migrate(db);
    return new SqlOrientationRepository('pglite', db, async () => release());
  } catch (error) {
    release();
    throw error;
  }
}
