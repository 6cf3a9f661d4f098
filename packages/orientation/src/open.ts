// Chooses the adapters from the configuration: PostgreSQL when DATABASE_URL is set, else PGlite in
// DATA_DIR/orientations; SMTP when SMTP_URL is set, else .eml files in DATA_DIR/outbox.
import { join } from 'node:path';
import { createMailer } from './mail/adapters.ts';
import type { Mailer } from './mail/port.ts';
import { openPgliteRepository } from './repository/pglite.ts';
import type { OrientationRepository } from './repository/port.ts';
import { openPostgresRepository } from './repository/postgres.ts';

export interface OrientationConfig {
  dataDir: string;
  databaseUrl?: string | undefined;
  smtpUrl?: string | undefined;
  mailFrom?: string | undefined;
}

export const pgliteDir = (dataDir: string) => join(dataDir, 'orientations');

export function openRepository(c: OrientationConfig): Promise<OrientationRepository> {
  return c.databaseUrl ? openPostgresRepository(c.databaseUrl) : openPgliteRepository(pgliteDir(c.dataDir));
}

export function openMailer(c: OrientationConfig): Mailer {
  return createMailer({
    smtpUrl: c.smtpUrl,
    outboxDir: join(c.dataDir, 'outbox'),
    ...(c.mailFrom ? { from: c.mailFrom } : {}),
  });
}

export const describeDatabase = (c: OrientationConfig) =>
  c.databaseUrl
    ? `PostgreSQL (${new URL(c.databaseUrl).host})`
    : `PGlite embarqué dans ${pgliteDir(c.dataDir)}`;

/** Public origin put in e-mailed links: SITE_URL, never a request's Host header. */
export function siteUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITE_URL?.replace(/\/$/, '') || `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 4321}`;
}
