/**
 * Worker thread of a sweep: inspects the files the main thread sends, so
 * that hashing and signature parsing run beside the walk and the database
 * writes instead of on the same thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { inspectFileSync } from "../inspect/inspect-file.js";
import { readChunkSizeInBytes } from "../inspect/read-file-once.js";
import { failedReport, type InspectRequest, type InspectResponse, type InspectWorkerData } from "./inspect-pool.js";
import { ReadRateLimiter } from "./read-rate-limiter.js";

const port = parentPort;
if (!port) throw new Error("inspect-worker.js runs only as a worker thread");

const { maxBytesPerSecond } = workerData as InspectWorkerData;
const limiter = maxBytesPerSecond === undefined ? undefined : new ReadRateLimiter(maxBytesPerSecond);
// One chunk for every file this thread reads, so reading allocates nothing per file.
const chunk = Buffer.allocUnsafeSlow(readChunkSizeInBytes);
const options = limiter ? { chunk, onChunkRead: (bytes: number) => limiter.consumeSync(bytes) } : { chunk };

// Files are inspected one at a time with synchronous I/O: this thread does
// nothing else, and the requests queued meanwhile wait in the port.
port.on("message", (request: InspectRequest) => {
  let report;
  try {
    report = inspectFileSync(request.path, { ...options, ...request.expectations });
  } catch (error) {
    // inspectFileSync catches its own errors, so this only keeps a bug from
    // leaving the request unanswered.
    report = failedReport(request.path, error);
  }
  port.postMessage({ id: request.id, report } satisfies InspectResponse);
});
