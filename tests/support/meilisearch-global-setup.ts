// One real Meilisearch for a whole vitest project run; tests read MEILI_URL / MEILI_MASTER_KEY.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startMeilisearch } from '../../scripts/lib/meilisearch-server.ts';

export default async function setup(project: TestProject) {
  const server = await startMeilisearch({ maxIndexingMemory: '1Gb' });
  process.env.TEST_MEILI_URL = server.url;
  process.env.TEST_MEILI_MASTER_KEY = server.masterKey;
  project.provide('meiliUrl', server.url);
  project.provide('meiliMasterKey', server.masterKey);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliMasterKey: string;
  }
}
