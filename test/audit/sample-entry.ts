import type { AuditEntry } from '../../src/audit/index.ts';

/** A valid entry for `room.delete`, with whatever the test changes. */
export function sampleEntry(changes: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: '2025-03-01T12:00:00.000Z',
    platform: 'slack',
    workspace: 'T0001',
    channel: 'C0001',
    userId: 'U0001',
    userName: 'alice',
    operation: 'room.delete',
    parameters: { room: 3 },
    decision: 'allowed',
    outcome: 'ok',
    result: { code: 0 },
    durationMs: 12,
    ...changes,
  };
}
