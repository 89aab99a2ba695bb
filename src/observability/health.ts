import type { LeadershipStatus } from '../state/index.ts';
import type { StatusSource } from '../status/index.ts';
import type { Endpoint } from '../transport/framed-exchange.ts';
import { probeServer } from '../transport/probe.ts';

export interface HealthReport {
  /** ok: the chat server answers and its status files are fresh; degraded otherwise. The bot itself is alive either way. */
  status: 'ok' | 'degraded';
  chatServer: { reachable: boolean; reason?: string };
  statusFiles: { ageSeconds?: number; problem?: string };
  /**
   * Whether this instance runs the background work (alerts, history, Discord's gateway) and which
   * instance does; a follower is healthy: it answers commands and takes over when the leader goes.
   */
  leadership?: { leading: boolean; leader?: string };
}

export interface HealthSources {
  server: Endpoint;
  /** The status files, or the Data API: whichever the bot reads. */
  status: StatusSource;
  /** Data older than this counts as stale. */
  staleAfterMs: number;
  probeTimeoutMs: number;
  leadership?: () => LeadershipStatus;
}

/** Liveness with what a moderator would check first: can the bot reach the chat server, and is its data fresh. */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const [probe, online] = await Promise.all([
    probeServer(sources.server, sources.probeTimeoutMs),
    sources.status.online(),
  ]);
  const chatServer = probe.reachable ? { reachable: true } : { reachable: false, reason: probe.reason };
  let statusFiles: HealthReport['statusFiles'];
  if (online.status === 'ok') {
    statusFiles = { ageSeconds: Math.round(online.ageMs / 1000) };
    if (online.ageMs > sources.staleAfterMs) statusFiles.problem = 'stale';
    else if (online.staleBecause !== undefined) statusFiles.problem = `stale: ${online.staleBecause}`;
  } else {
    statusFiles = {
      problem:
        online.status === 'unreadable' || online.status === 'unavailable'
          ? `${online.status}: ${online.reason}`
          : online.status,
    };
  }
  const status = probe.reachable && statusFiles.problem === undefined ? 'ok' : 'degraded';
  const leadership = sources.leadership?.();
  return {
    status,
    chatServer,
    statusFiles,
    ...(leadership === undefined
      ? {}
      : {
          leadership: {
            leading: leadership.leading,
            ...(leadership.leader === undefined ? {} : { leader: leadership.leader }),
          },
        }),
  };
}
