/**
 * The periodic liveness probe of the serverDown rules: the shared side-effect-free probe (a TCP
 * connect to the Server API port, closed at once without sending a byte; the Server API has no
 * read-only command, and start_group and the like change the chat), its failure worded for an
 * alert message.
 */

import { probeServer } from '../transport/probe.ts';
import type { ProbeResult } from './observation.ts';

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
}

const CONNECT_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the host',
  ENOTFOUND: 'unknown host name',
};

export async function probeServerApi(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const result = await probeServer({ host: target.host, port: target.port }, timeoutMs);
  if (result.reachable) return { reachable: true };
  const reason = CONNECT_ERRORS[result.reason] ?? result.reason;
  return { reachable: false, reason: `cannot connect to ${target.host}:${target.port}: ${reason}` };
}
