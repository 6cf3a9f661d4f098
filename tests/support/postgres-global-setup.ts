// One real PostgreSQL for a whole vitest project run; tests read it with inject('databaseUrl').
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/lib/postgres-server.ts';

export default async function setup(project: TestProject) {
  const server = await startPostgres({ database: 'spie' });
  process.env.TEST_DATABASE_URL = server.url;
  project.provide('databaseUrl', server.url);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
