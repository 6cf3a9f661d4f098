// Main-thread side of the validation worker (row-worker.ts). Started beside the CSV reading; until it
// says "ready" (its modules load in ~0.3 s) rows are validated on the main thread, then they go to
// it in batches. When a worker cannot start (no TypeScript loader, bundled site…), everything stays
// on the main thread: same code, same report.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchReply, RawRecord, RowWorkerInit } from './row-worker.ts';

/** Rows per message: large enough to amortise a message, small enough to keep memory flat. */
export const BATCH_ROWS = 500;
/** Batches sent and not yet answered: the worker never waits, memory stays bounded. */
const MAX_IN_FLIGHT = 2;

/**
 * Worker source: loads the TypeScript entry through tsx's API when tsx is installed (a worker does
 * not inherit the parent's module hooks), directly otherwise.
 */
function workerSource(entry: URL): string {
  let tsx: string | undefined;
  try {
    // The ESM entry (the CommonJS one registers a path that does not resolve from a worker).
    tsx = pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  } catch {
    tsx = undefined;
  }
  const load = `import(${JSON.stringify(entry.href)})`;
  return tsx ? `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return ${load}; })` : load;
}

export class RowWorker {
  ready = false;
  failed: Error | undefined;
  private readonly waiting: { resolve: (r: BatchReply) => void; reject: (e: Error) => void }[] = [];
  private readonly done: BatchReply[] = [];
  private inFlight = 0;
  private onLoaded: (() => void) | undefined;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: BatchReply | 'ready') => {
      if (m === 'ready') {
        this.ready = true;
        this.onLoaded?.();
        return;
      }
      this.inFlight--;
      const w = this.waiting.shift();
      if (w) w.resolve(m);
      else this.done.push(m);
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      this.onLoaded?.();
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    worker.on('error', fail);
    // An exit we did not ask for fails what is pending and what would be sent later.
    worker.on('exit', (code) => {
      if (!this.closing) fail(new Error(`validation worker exited (${code})`));
    });
  }

  /** A started worker, or undefined when threads are unavailable. */
  static start(init: RowWorkerInit): RowWorker | undefined {
    try {
      // Built at run time so that bundlers leave it alone (a bundled site falls back to one thread).
      const url = new URL(['./row-worker', 'ts'].join('.'), import.meta.url);
      return new RowWorker(
        new Worker(workerSource(url), {
          eval: true,
          workerData: init,
          // A small young generation: the worker's garbage is short-lived, and its RSS adds to ours.
          resourceLimits: { maxYoungGenerationSizeMb: 8 },
        }),
      );
    } catch {
      return undefined;
    }
  }

  /**
   * Takes the rows from now on? True once it has loaded, and stays true: a later failure surfaces
   * through `next` (rows already sent cannot be validated elsewhere in order).
   */
  get usable(): boolean {
    return this.ready;
  }

  /** Resolves once the worker has loaded or failed to. */
  loaded(): Promise<void> {
    if (this.ready || this.failed) return Promise.resolve();
    return new Promise((resolve) => {
      this.onLoaded = resolve;
    });
  }

  get hasReplies(): boolean {
    return this.done.length > 0;
  }

  get pending(): number {
    return this.inFlight;
  }

  /** True when `send` should wait for a reply first. */
  get full(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT;
  }

  send(records: RawRecord[]): void {
    if (this.failed) throw this.failed;
    this.inFlight++;
    this.worker.postMessage({ records });
  }

  /** The oldest unanswered batch's reply (replies come in sending order). */
  next(): Promise<BatchReply> {
    const d = this.done.shift();
    if (d) return Promise.resolve(d);
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** A reply already received, without waiting. */
  take(): BatchReply | undefined {
    return this.done.shift();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
