import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describeError, FileReadError } from "../errors.js";
import { inspectFile } from "../inspect/inspect-file.js";
import type { OpenExpectations } from "../inspect/open-regular-file.js";
import type { FileReport } from "../model.js";
import { ReadRateLimiter } from "./read-rate-limiter.js";

/** Reads, hashes and parses the files a sweep found changed. */
export interface FileInspector {
  /** Resolves to the file's report; failures are in the report, never a rejection. */
  inspect(path: string, expectations?: OpenExpectations): Promise<FileReport>;
  close(): Promise<void>;
}

export interface InspectorOptions {
  /** Worker threads to start; 0 inspects on the calling thread. */
  threads: number;
  /** Cap on the bytes read per second by all threads together; undefined for none. */
  maxBytesPerSecond?: number;
  /** Stops the reads in progress; their reports then carry FileReadError ReadAborted. */
  signal?: AbortSignal;
  /** V8 old-generation limit of each worker thread; workerOldGenerationSizeInMegabytes by default. */
  maxOldGenerationSizeInMegabytes?: number;
}

export interface InspectWorkerData {
  maxBytesPerSecond: number | undefined;
}
export interface InspectRequest {
  id: number;
  path: string;
  expectations: OpenExpectations;
}
export interface InspectResponse {
  id: number;
  report: FileReport;
}

const workerUrl = new URL("./inspect-worker.js", import.meta.url);

/**
 * V8's young generation of each thread. Perf: a thread allocates little that
 * lives long, and 8 MiB instead of V8's default cut a sweep's peak RSS by
 * about 20 MiB at no measured CPU cost (4,000 files, 2 threads, Node 20).
 */
const workerYoungGenerationSizeInMegabytes = 8;

/**
 * V8's old generation of each thread, so that one hostile file ends its
 * thread with ERR_WORKER_OUT_OF_MEMORY instead of taking the host's memory.
 * A ContentInfo of maxDerElementCount elements failed at a 64 MiB limit and
 * passed at 96 MiB (one thread, Node 20), and a certificate table adds up to
 * 32 MiB as node-forge's binary string.
 * NOTE: 256 MiB is an estimate of twice that largest need.
 */
export const workerOldGenerationSizeInMegabytes = 256;

/**
 * True when this module runs as compiled JavaScript with the worker script
 * beside it. In the single executable, import.meta.url names signsweep.exe,
 * so a stray inspect-worker.js next to the executable is never loaded.
 */
function canStartWorkers(): boolean {
  if (workerUrl.protocol !== "file:") return false;
  return fileURLToPath(import.meta.url).endsWith("inspect-pool.js") && existsSync(fileURLToPath(workerUrl));
}

/**
 * Start the inspector: a pool of worker threads when `threads` > 0 and the
 * compiled worker script exists beside this module, else the calling thread.
 * NOTE: the single executable has no worker script on disk, so it always
 * inspects on the main thread.
 */
export function createInspector(options: InspectorOptions): FileInspector {
  if (options.threads > 0 && canStartWorkers()) {
    const heapLimit = options.maxOldGenerationSizeInMegabytes ?? workerOldGenerationSizeInMegabytes;
    return new WorkerPool(options.threads, options.maxBytesPerSecond, options.signal, heapLimit);
  }
  const { signal } = options;
  const limiter = options.maxBytesPerSecond === undefined ? undefined : new ReadRateLimiter(options.maxBytesPerSecond);
  const readOptions = {
    ...(limiter ? { onChunkRead: (bytes: number) => limiter.consume(bytes, signal) } : {}),
    ...(signal ? { signal } : {}),
  };
  return { inspect: (path, expectations) => inspectFile(path, { ...readOptions, ...expectations }), close: async () => {} };
}

/** Build the report of a file whose inspection failed outside inspectFile (a worker crash). */
export function failedReport(path: string, error: unknown): FileReport {
  return {
    FilePath: path, SHA1: null, FileSize: null, IsPeImage: false, IsSigned: false,
    Anomalies: [], Error: describeError(error), Signatures: [],
  };
}

function readAbortedError(path: string): FileReadError {
  return new FileReadError("ReadAborted", `${path}: read stopped before the end of the file`);
}

interface PendingFile {
  path: string;
  expectations: OpenExpectations;
  resolve: (report: FileReport) => void;
}

interface PooledWorker {
  worker: Worker;
  /** Requests in the order sent, which is the order the thread reads them. */
  pending: Map<number, PendingFile>;
}

/**
 * Worker threads that each inspect any number of files at once; a request
 * goes to the worker with the fewest pending. Perf: Node's hashing runs on
 * the thread that calls it, so on the main thread it competed with the walk,
 * the cache lookups and the database writes.
 */
class WorkerPool implements FileInspector {
  private readonly workers: PooledWorker[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly threads: number,
    private readonly maxBytesPerSecond: number | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly maxOldGenerationSizeInMegabytes: number,
  ) {
    // A thread blocked in a read or a paced wait cannot see the signal, so
    // an abort ends the threads and fails every file they still held.
    signal?.addEventListener("abort", () => void this.abortAll(), { once: true });
  }

  inspect(path: string, expectations: OpenExpectations = {}): Promise<FileReport> {
    if (this.signal?.aborted) return Promise.resolve(failedReport(path, readAbortedError(path)));
    // Perf: threads start at the first changed file, so a rescan of an
    // unchanged tree does not pay for loading the parsers in each of them.
    if (this.workers.length === 0) {
      for (let i = 0; i < this.threads; i++) this.workers.push(this.start());
    }
    return new Promise((resolve) => this.send({ path, expectations, resolve }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private send(file: PendingFile): void {
    const target = this.workers.reduce((best, candidate) =>
      candidate.pending.size < best.pending.size ? candidate : best,
    );
    const id = this.nextId++;
    target.pending.set(id, file);
    target.worker.postMessage({ id, path: file.path, expectations: file.expectations } satisfies InspectRequest);
  }

  private async abortAll(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const { pending } of workers) {
      for (const { path, resolve } of pending.values()) resolve(failedReport(path, readAbortedError(path)));
      pending.clear();
    }
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  private start(): PooledWorker {
    // Each thread paces its own reads, so together they stay within the cap.
    const share = this.maxBytesPerSecond === undefined ? undefined : this.maxBytesPerSecond / this.threads;
    const worker = new Worker(workerUrl, {
      workerData: { maxBytesPerSecond: share } satisfies InspectWorkerData,
      resourceLimits: {
        maxYoungGenerationSizeMb: workerYoungGenerationSizeInMegabytes,
        maxOldGenerationSizeMb: this.maxOldGenerationSizeInMegabytes,
      },
    });
    const pooled: PooledWorker = { worker, pending: new Map() };
    worker.on("message", ({ id, report }: InspectResponse) => {
      pooled.pending.get(id)?.resolve(report);
      pooled.pending.delete(id);
    });
    worker.on("error", (error) => this.replace(pooled, error));
    worker.on("exit", (code) => {
      if (pooled.pending.size > 0) this.replace(pooled, new Error(`inspect worker exited with code ${code}`));
    });
    return pooled;
  }

  /**
   * Replace a worker that died, so the sweep goes on. The thread reads its
   * requests one at a time in the order sent, so the oldest pending file is
   * the one it was reading: that file gets the error, and the files queued
   * behind it go to the live workers. Each death thus fails one file, so a
   * file that kills every thread cannot stall the sweep.
   * NOTE: a report the thread posted just before it died may never arrive,
   * and then the error lands on that file, not on the one being read.
   */
  private replace(pooled: PooledWorker, error: unknown): void {
    const [current, ...queued] = pooled.pending.values();
    pooled.pending.clear();
    current?.resolve(failedReport(current.path, error));

    const index = this.workers.indexOf(pooled);
    if (this.closed || index < 0) {
      for (const file of queued) file.resolve(failedReport(file.path, error));
      return;
    }
    this.workers[index] = this.start();
    for (const file of queued) this.send(file);
  }
}
