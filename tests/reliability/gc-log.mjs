// Logs the garbage collector's pauses over 30 ms on stderr, for the load benchmark:
// SITE_NODE_OPTIONS="--import $PWD/tests/reliability/gc-log.mjs" pnpm exec tsx scripts/bench-load.ts
// (--trace-gc is not allowed in NODE_OPTIONS; a PerformanceObserver on `gc` entries is.)
import { PerformanceObserver } from 'node:perf_hooks';

const KINDS = { 1: 'scavenge', 2: 'mark-sweep-compact', 4: 'incremental', 8: 'weakcb' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.duration <= 30) continue;
    const kind = KINDS[entry.detail?.kind] ?? String(entry.detail?.kind);
    console.error(`GC ${kind} ${entry.duration.toFixed(0)} ms at ${new Date().toISOString()}`);
  }
}).observe({ entryTypes: ['gc'] });
