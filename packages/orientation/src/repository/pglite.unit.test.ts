import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryContract } from '../testing/repository-contract.ts';
import { DatabaseBusyError, lockDirectory, openPgliteRepository } from './pglite.ts';

repositoryContract('PGlite (in memory)', () => openPgliteRepository());

describe('PGlite directory lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spie-orient-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second opening of a held directory with a French message, and frees it on release', () => {
    const release = lockDirectory(dir);
    expect(() => lockDirectory(dir)).toThrow(DatabaseBusyError);
    expect(() => lockDirectory(dir)).toThrow(/ouverte par un autre processus/);
    release();
    lockDirectory(dir)();
  });
});
