// One line describing the machine a benchmark ran on.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";

/** Cores, CPU model, memory, the disk under `folder`, Node's version and the load average. */
export function describeMachine(folder) {
  const model = cpus()[0]?.model ?? "unknown CPU";
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(0);
  let disk = "unknown disk";
  try {
    const line = execFileSync("df", ["-h", "--output=source,fstype,size", folder], { encoding: "utf8" }).trim().split("\n")[1];
    disk = line ? line.trim().split(/\s+/).join(" ") : disk;
  } catch {
    // df is missing, so the disk stays unknown.
  }
  let kernel = "";
  try {
    kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  } catch {
    kernel = process.platform;
  }
  const load = loadavg().map((value) => value.toFixed(1)).join(" ");
  return `${availableParallelism()} cores (${model}), ${memoryGiB} GiB memory, disk ${disk}, Linux ${kernel}, ` +
    `Node ${process.version}, load average ${load} at the start`;
}
