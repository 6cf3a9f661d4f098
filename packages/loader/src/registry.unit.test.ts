import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PartnerRegistry } from './registry.ts';

describe('PartnerRegistry tokens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spie-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rotates and revokes; the generation moves; another process sees the change', async () => {
    const site = new PartnerRegistry(dir); // the site's long-lived instance
    const cli = new PartnerRegistry(dir); // what `pnpm cli partner …` opens
    const first = await cli.add('mission-locale', 'Mission locale');
    expect(await site.verify('mission-locale', first)).toBe(true);
    expect(await site.ownerOf(first)).toBe('mission-locale');
    expect(await site.tokenGeneration('mission-locale')).toBe(1);

    const second = await cli.rotate('mission-locale');
    expect(await site.verify('mission-locale', first)).toBe(false);
    expect(await site.ownerOf(first)).toBeUndefined();
    expect(await site.verify('mission-locale', second)).toBe(true);
    expect(await site.tokenGeneration('mission-locale')).toBe(2);

    await cli.revoke('mission-locale');
    expect(await site.verify('mission-locale', second)).toBe(false);
    expect(await site.verify('mission-locale', '')).toBe(false);
    expect(await site.ownerOf(second)).toBeUndefined();
    expect(await site.tokenGeneration('mission-locale')).toBeUndefined();
    expect(readFileSync(join(dir, 'partners.json'), 'utf8')).not.toContain(second);
    await expect(cli.rotate('inconnu')).rejects.toThrow(/partenaire inconnu/);
  });
});
