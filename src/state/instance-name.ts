/**
 * What an instance is called in the leases: its host, its pid and a random part (a pid is reused
 * after a restart, the random part is not). From the name, an instance can tell that a lease's
 * holder was a process of its own machine that no longer runs: after a crash and a restart on the
 * same machine (the single-instance case), the new process need not wait for the old lease to end.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** `machine` defaults to the host's name; CHATOPS_INSTANCE_NAME gives another (a pod's, say). */
export function instanceName(machine: string = hostname()): string {
  return `${machine}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * True only when `holder` names a process of this machine (as `machine` names it) that is not
 * running; never for another machine's.
 */
export function holderProcessIsGone(holder: string, machine: string = hostname()): boolean {
  const match = /^(.*):(\d+):[0-9a-f]{8}$/.exec(holder);
  if (match === null || match[1] !== machine) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid runs, as another user's process; only ESRCH says nothing runs under it.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
