// CPU time of the processes a benchmark run shares the cores with, from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by a process. */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by each process whose name starts with `name` and whose command line contains `marker`. */
export function cpuSecondsByProcess(name: string, marker = ''): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith(name)) continue;
      if (marker && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      seconds.set(Number(pid), cpuSecondsOf(Number(pid)));
    } catch {
      // gone meanwhile
    }
  }
  return seconds;
}

/**
 * CPU seconds those processes used since `before` (a cpuSecondsByProcess reading): processes
 * started since count whole, ones that ended since are missed. Other people's processes of the
 * same name (the PostgreSQL server is shared) are left out by `marker`.
 */
export function cpuSecondsSince(before: Map<number, number>, name: string, marker = ''): number {
  let total = 0;
  for (const [pid, seconds] of cpuSecondsByProcess(name, marker)) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** CPU seconds used so far by every process whose name starts with `name`. */
export function cpuSecondsOfAll(name: string): number {
  return [...cpuSecondsByProcess(name).values()].reduce((sum, s) => sum + s, 0);
}

/** CPU seconds of this process (the emulator and the poster run here). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}
