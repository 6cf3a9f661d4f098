import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The PGlite contract run is in service.unit.test.ts (one in-memory database per run: its start is costly).
import { DatabaseBusyError, lockDirectory } from './pglite.ts';

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
