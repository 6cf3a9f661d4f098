// The national set published into a partner store, as the load and start-up benchmarks use it.
import type { Offer } from '@spie/core';
import { PartnerStore } from '@spie/loader';
import { generateNationalOffers } from '../generate-demo.ts';

/**
 * Publishes `count` generated national offers into `dataDir` with the loader, over ten partners: each
 * publish checks id ownership against every other partner's current version, so the generator's
 * ~1,000 (kind × département) partners would make this setup quadratic. Returns the seconds it took.
 */
export async function publishNationalStore(dataDir: string, count: number): Promise<number> {
  const byPartner = new Map<string, Offer[]>();
  let n = 0;
  for (const o of generateNationalOffers(count)) {
    const p = `national-${n++ % 10}`;
    if (!byPartner.has(p)) byPartner.set(p, []);
    byPartner.get(p)!.push(o);
  }
  const store = new PartnerStore(dataDir);
  const started = performance.now();
  for (const [partner, offers] of byPartner) await store.publish(partner, offers, { by: 'bench' });
  return (performance.now() - started) / 1000;
}
