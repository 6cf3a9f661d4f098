// Validation worker thread: the main thread reads and parses the CSV while this thread converts and
// checks the rows (cells, zod schema, dates) and makes their canonical JSON. Batches come in order
// and are answered in order. The territory tables stay on the main thread (memory: ~150 MB).
import { parentPort, workerData } from 'node:worker_threads';
import type { OfferField } from '@spie/core';
import { checkRecord, type RecordContext } from './record-check.ts';
import { ProblemLog } from './report.ts';
import { type RowCheck, RowValidator } from './row-validator.ts';
import { offerJsonWithoutPartner } from './store.ts';

export interface RowWorkerInit {
  fields: (OfferField | undefined)[];
  columns: [OfferField, string][];
  width: number;
  maxCellChars: number;
  missing: OfferField[];
  now: number;
}

/** One record as sent to the worker: [row, line, cells]. */
export type RawRecord = [number, number, string[]];
export interface BatchRequest {
  records: RawRecord[];
}
export interface BatchReply {
  /** One entry per record; null for a blank row. */
  checks: (RowCheck | null)[];
}

const port = parentPort;
if (port) {
  const init = workerData as RowWorkerInit;
  const ctx: RecordContext = {
    fields: init.fields,
    columns: new Map(init.columns),
    width: init.width,
    maxCellChars: init.maxCellChars,
    validator: new RowValidator(new ProblemLog(), new Set(init.missing), new Date(init.now)),
  };
  port.on('message', (req: BatchRequest) => {
    const checks: (RowCheck | null)[] = [];
    for (const [row, line, cells] of req.records) {
      const c = checkRecord(ctx, row, line, cells);
      if (c?.offer) {
        c.json = offerJsonWithoutPartner(c.offer);
        c.offer = undefined;
      }
      checks.push(c ?? null);
    }
    port.postMessage({ checks } satisfies BatchReply);
  });
  port.postMessage('ready');
}
