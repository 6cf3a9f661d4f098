// Preloaded into a measured child process (`node --import …/process-usage.mjs`): on exit, writes the
// process's own peak RSS (kernel high-water mark, every thread included) and CPU time to the file
// named by BENCH_USAGE_FILE. Plain JavaScript so that it runs before any loader.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_USAGE_FILE;
if (target)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({ maxRssMb: u.maxRSS / 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }),
    );
  });
