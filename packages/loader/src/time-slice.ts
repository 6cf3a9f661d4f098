// Cooperative time slicing: validating a 50,000-row file is seconds of synchronous work, and in the
// site it runs on the HTTP thread. Giving the event loop a turn every few milliseconds keeps every
// other request answering meanwhile (issue 14: one upload froze the site for minutes).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of synchronous validation work between two turns of the event loop. */
export const SLICE_MS = 8;

/** A function to `await` often: it yields to the event loop once `sliceMs` have passed. */
export function timeSlicer(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    const now = performance.now();
    if (now - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}
