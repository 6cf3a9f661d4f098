/**
 * Runs an engine's writes one after the other (in this process): a partner update never lands in a
 * catalogue or index that is about to be replaced. A failed write does not block the next one.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(write: () => Promise<T>): Promise<T> {
    const next = this.tail.then(write, write);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
