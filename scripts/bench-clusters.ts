// Duplicate clusters at national scale: clusterOffers on ~100,000 offers (the labelled generator
// spread over 30,000 communes: about half the services published 2 to 4 times, with noise).
// Reference in the same run: one pass of name normalisation over the same offers (the linear floor).
import { availableParallelism, loadavg } from 'node:os';
import { clusterOffers, nameTokens } from '../packages/core/src/clusters.ts';
import { labelledDuplicates, pairwiseScores } from '../packages/core/src/testing/labelled-duplicates.ts';

const { offers, truth } = labelledDuplicates({ services: 50_000, communes: 30_000, seed: 7 });
console.error(`generated ${offers.length} offers`);

/** Best of `runs`: wall-clock ms and this process's CPU ms (the machine is shared: CPU time is steadier). */
const best = (fn: () => void, runs = 3) => {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
};

const referenceMs = best(() => {
  for (const o of offers) nameTokens(o.nom);
});
let clusters = clusterOffers(offers);
const clusterMs = best(() => {
  clusters = clusterOffers(offers);
});
const scores = pairwiseScores(clusters, truth);
const grouped = clusters.reduce((n, c) => n + c.members.length, 0);

console.log(
  [
    `${offers.length.toLocaleString('en')} offers → ${clusters.length.toLocaleString('en')} clusters of 2 or more (${grouped.toLocaleString('en')} offers grouped).`,
    '',
    '| | wall ms (best of 3) | CPU ms (best of 3) |',
    '| --- | ---: | ---: |',
    `| clusterOffers (goal < 10,000 ms) | ${clusterMs.wall.toFixed(0)} | ${clusterMs.cpu.toFixed(0)} |`,
    `| reference: normalising every name once | ${referenceMs.wall.toFixed(0)} | ${referenceMs.cpu.toFixed(0)} |`,
    `| ratio | ${(clusterMs.wall / referenceMs.wall).toFixed(1)}× | ${(clusterMs.cpu / referenceMs.cpu).toFixed(1)}× |`,
    '',
    `Machine load average during the run: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores.`,
    '',
    `Pairwise precision ${scores.precision.toFixed(4)}, recall ${scores.recall.toFixed(4)} on this set (${scores.truePairs.toLocaleString('en')} true pairs; goal ≥ 0.97 / ≥ 0.90).`,
  ].join('\n'),
);
