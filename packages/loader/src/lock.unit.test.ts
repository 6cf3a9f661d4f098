// The publish lock on a full disk (issue 14): an empty `.publish.lock.*` file was left behind. A real
// full file system: a 64 KB tmpfs, filled up (needs root to mount; skipped elsewhere).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withLock } from './lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'spie-lock-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
afterAll(() => {
  if (mounted) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

describe('publish lock', () => {
  it.skipIf(!mounted)('leaves no file behind when the disk is full (ENOSPC)', async () => {
    try {
      for (let i = 0; ; i++) writeFileSync(join(dir, `remplissage-${i}`), Buffer.alloc(4096, 1));
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const lock = join(dir, '.publish.lock');
    await expect(withLock(lock, async () => 'publié', { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(readdirSync(dir).filter((f) => f.startsWith('.publish.lock'))).toEqual([]);
  });
});
