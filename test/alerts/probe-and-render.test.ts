import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeServerApi } from '../../src/alerts/liveness-probe.ts';
import { renderNotice } from '../../src/alerts/render-notice.ts';
import { formatDuration } from '../../src/time/format-duration.ts';
import { rule } from './engine-fixture.ts';

describe('the liveness probe', () => {
  it('connects and closes at once, sending not a byte', async () => {
    const received: Buffer[] = [];
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = createServer((socket: Socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('close', () => closed());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      expect(await probeServerApi({ host: '127.0.0.1', port: address.port }, 1000)).toEqual({
        reachable: true,
      });
      await connectionClosed;
      expect(received).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // The port is free now: nobody listens.
    expect(await probeServerApi({ host: '127.0.0.1', port: address.port }, 1000)).toEqual({
      reachable: false,
      reason: `cannot connect to 127.0.0.1:${address.port}: connection refused`,
    });
  });
});

describe('notices as replies', () => {
  const down = rule({ name: 'server-down', condition: { kind: 'serverDown' } });

  it('a down alert lists every reason; its recovery says how long it was down', () => {
    const facts = {
      kind: 'server' as const,
      label: 'group default',
      reasons: [
        { kind: 'unreachable' as const, detail: 'cannot connect to 127.0.0.1:51127: connection refused' },
        { kind: 'stale' as const, ageMs: 185_000 },
      ],
    };
    expect(renderNotice({ type: 'alert', rule: down, key: 'group', facts, startedAt: 0, heldMs: 0 })).toEqual(
      {
        title: 'Chat server down (group default)',
        text: 'The Server API is unreachable: cannot connect to 127.0.0.1:51127: connection refused.\nThe status files have not changed for 3 min.',
        fields: [
          { label: 'Group', value: 'default' },
          { label: 'For', value: 'just started' },
          { label: 'Rule', value: 'server-down' },
        ],
        severity: 'error',
        visibility: 'channel',
      },
    );
    const recovery = renderNotice({
      type: 'recovery',
      rule: down,
      key: 'group',
      facts: { ...facts, reasons: [] },
      startedAt: 0,
      heldMs: 3_723_000,
    });
    expect(recovery).toMatchObject({ title: 'Chat server back up (group default)', severity: 'success' });
    expect(recovery.fields?.[1]).toEqual({ label: 'Down for', value: '1 h 2 min' });
  });

  it('durations read as people say them', () => {
    expect(
      [0, 999, 45_000, 60_000, 3_599_000, 3_600_000, 7_500_000, 86_400_000, 97_200_000].map(formatDuration),
    ).toEqual(['0 s', '1 s', '45 s', '1 min', '59 min', '1 h', '2 h 5 min', '1 d', '1 d 3 h']);
  });
});
