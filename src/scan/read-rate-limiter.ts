import { setTimeout as sleep } from "node:timers/promises";

/** Bytes in one MB of `--max-read-rate`: a decimal megabyte, as disk tools quote rates. */
export const bytesPerMegabyte = 1_000_000;

/**
 * A pacer that keeps reads to a mean rate. Each read is booked on a virtual
 * clock that advances by `bytes / rate`. A read that books ahead of the real
 * clock waits until the clock catches up, so over any stretch longer than one
 * chunk the bytes read stay within the rate. Idle time is not saved up, so a
 * sweep that pauses cannot burst afterwards.
 */
export class ReadRateLimiter {
  private readyAt = 0;
  /** Atomics.wait on a cell that no thread notifies is a sleep that blocks only this thread. */
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly bytesPerSecond: number) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`bytesPerSecond must be positive, got ${bytesPerSecond}`);
  }

  /** Book `bytes` just read and wait until the rate allows the next read, or until `signal` aborts. */
  async consume(bytes: number, signal?: AbortSignal): Promise<void> {
    const waitInMilliseconds = this.book(bytes);
    if (waitInMilliseconds < 1 || signal?.aborted) return;
    try {
      await sleep(waitInMilliseconds, undefined, signal ? { signal } : {});
    } catch (error) {
      // An aborted wait ends early; the reader checks the signal itself.
      if (!signal?.aborted) throw error;
    }
  }

  /** consume() that blocks the thread instead, for worker threads that read synchronously. */
  consumeSync(bytes: number): void {
    const waitInMilliseconds = this.book(bytes);
    if (waitInMilliseconds >= 1) Atomics.wait(this.sleeper, 0, 0, waitInMilliseconds);
  }

  /** Book `bytes` on the virtual clock; returns the milliseconds until it allows the next read. */
  private book(bytes: number): number {
    const now = performance.now();
    this.readyAt = Math.max(this.readyAt, now) + (bytes / this.bytesPerSecond) * 1000;
    return this.readyAt - now;
  }
}
