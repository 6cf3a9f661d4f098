// Server adapter: a real PostgreSQL (DATABASE_URL), shared safely by the site, the CLI and jobs.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrate, SqlOrientationRepository } from './sql-repository.ts';

export async function openPostgresRepository(
  url: string,
  options: { max?: number } = {},
): Promise<SqlOrientationRepository> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server must not crash the process (the next query reports it).
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlOrientationRepository('postgresql', db);
}
