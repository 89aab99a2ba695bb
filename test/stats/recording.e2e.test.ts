import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import { stateStoreSettings } from '../../src/runtime/create-runtime.ts';
import { openStateStore } from '../../src/state/index.ts';
import { type HistoryCounts, HOUR_MS, OccupancyHistory, type SeriesPoint } from '../../src/stats/index.ts';
import { RecordingSink } from '../alerts/recording-sink.ts';
import { type StatsStack, startStatsStack, waitUntil } from './stats-stack.ts';

const stacks: StatsStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function stackFrom(options: Parameters<typeof startStatsStack>[0] = {}): Promise<StatsStack> {
  const stack = await startStatsStack(options);
  stacks.push(stack);
  return stack;
}

const stackWith = (options: Parameters<typeof startStatsStack>[0] = {}) => stackFrom(options);

/** Where earlier releases kept the history: no longer made. */
function oldHistoryFile(stack: StatsStack): string {
  return join(stack.config.state.dir, 'occupancy.sqlite');
}

/** The history as another process would read it: a connection of its own to the state store. */
async function readHistory<T>(
  stack: StatsStack,
  read: (history: OccupancyHistory) => Promise<T>,
): Promise<T> {
  const { store } = await openStateStore(stateStoreSettings(stack.config));
  try {
    const history = new OccupancyHistory({
      records: store.history,
      group: stack.config.server.group,
      location: store.location,
    });
    return await read(history);
  } finally {
    await store.close();
  }
}

function readSeries(stack: StatsStack, room: number | undefined, periodMs = HOUR_MS): Promise<SeriesPoint[]> {
  const now = Date.now();
  return readHistory(stack, (history) =>
    history.series({ room, from: now - periodMs, to: now + 60_000, resolution: 'minute' }),
  );
}

const readCounts = (stack: StatsStack): Promise<HistoryCounts> =>
  readHistory(stack, (history) => history.counts());

const latest = (points: readonly SeriesPoint[]) => points.at(-1);

describe.each(['files', 'dataApi'] as const)('recording occupancy read from %s', (source) => {
  const stackWith = (options: Parameters<typeof startStatsStack>[0] = {}) =>
    stackFrom({ ...options, source });

  it('records joins and leaves as the emulator writes them, per room and in total, in the state store', async () => {
    const stack = await stackWith();
    // The history is in the state store: no file of its own.
    expect(existsSync(oldHistoryFile(stack))).toBe(false);
    const { state } = stack.emulator;
    for (const user of ['ann', 'bob', 'cat']) state.join('default', 1, user);
    state.join('default', 2, 'dan');
    await stack.recorded();
    expect(latest(await readSeries(stack, 1))?.users).toBe(3);
    expect(latest(await readSeries(stack, 2))?.users).toBe(1);
    expect(latest(await readSeries(stack, undefined))?.users).toBe(state.counts('default').loggedIn);

    state.leave('default', 1, 'bob');
    state.leave('default', 2, 'dan');
    await stack.recorded();
    const lobby = await readSeries(stack, 1);
    expect(latest(lobby)?.users).toBe(2);
    // The minute keeps its peak (the leave may fall in the next minute: look at both).
    expect(Math.max(...lobby.slice(-2).map((point) => point.peak))).toBe(3);
    // Room 2's file is gone (nobody left in it): recorded as 0.
    expect(latest(await readSeries(stack, 2))?.users).toBe(0);
  });

  it('records the simulated visitors, change after change, and a restart keeps the history', async () => {
    const stack = await stackWith({ simulate: { seed: 7, eventsPerSecond: 40 } });
    await waitUntil(
      'samples of the simulated visitors',
      () => (stack.runtime.recorder?.samplesRecorded ?? 0) >= 8,
    );
    await stack.runtime.recorder?.settled();
    const rooms = [await readSeries(stack, 1), await readSeries(stack, 2), await readSeries(stack, 3)];
    // Far more samples than the one a minute: each change was recorded.
    expect(stack.runtime.recorder?.samplesRecorded).toBeGreaterThanOrEqual(8);
    expect(rooms.some((points) => points.some((point) => point.peak > 0))).toBe(true);
    for (const [index, points] of rooms.entries()) {
      const capacity = [100, 50, 10][index] ?? 0;
      for (const point of points) expect(point.peak).toBeLessThanOrEqual(capacity);
    }
    const totalsBefore = await readSeries(stack, undefined);
    expect(totalsBefore.length).toBeGreaterThan(0);
    const firstAt = totalsBefore[0]?.at;

    const restarted = await stack.restart();
    expect(restarted.recorder?.samplesRecorded).toBeGreaterThanOrEqual(1);
    await waitUntil('samples after the restart', () => (restarted.recorder?.samplesRecorded ?? 0) >= 3);
    const totalsAfter = await readSeries(stack, undefined);
    expect(totalsAfter[0]?.at).toBe(firstAt);
    expect(totalsAfter.length).toBeGreaterThanOrEqual(totalsBefore.length);
    // The chart after the restart draws the history from before it.
    const chart = await restarted.stats.chart({ periodMs: HOUR_MS });
    expect(chart.points[0]?.at).toBe(firstAt);
  });

  it('samples every room on the interval when nothing changes', async () => {
    const stack = await stackWith({ sampleIntervalMs: 40 });
    stack.emulator.state.join('default', 3, 'quiet');
    await stack.recorded();
    const before = stack.runtime.recorder?.samplesRecorded ?? 0;
    await waitUntil(
      'samples with nothing changing',
      () => (stack.runtime.recorder?.samplesRecorded ?? 0) >= before + 3,
    );
    expect(latest(await readSeries(stack, 3))?.users).toBe(1);
  });
});

describe('/chat stats through the console', () => {
  it('writes the chart as a PNG and prints its path, the peak, the average and a sparkline', async () => {
    const stack = await stackWith();
    for (const user of ['ann', 'bob', 'cat', 'dee']) stack.emulator.state.join('default', 1, user);
    await stack.recorded();
    const out = await stack.console(['/chat stats Lobby 1h']);
    expect(out).toContain('Occupancy: Lobby (1), last 1 hour');
    expect(out).toMatch(/Peak\s+4 at \d\d:\d\d \S+/);
    expect(out).toMatch(/Average\s+\d/);
    expect(out).toMatch(/Latest\s+4/);
    expect(out).toMatch(/Capacity\s+100/);
    const path = /Chart: (\S+\.png)/.exec(out)?.[1];
    expect(path).toBe(join(stack.folder, 'attachments', 'occupancy-room-1-1h.png'));
    const image = await loadImage(await readFile(path ?? ''));
    expect([image.width, image.height]).toEqual([800, 400]);
    // The sparkline: the line after the path, of block characters (spaces where nothing was recorded).
    const lines = out.split('\n');
    const spark = lines[lines.findIndex((line) => line.includes('Chart: ')) + 1] ?? '';
    expect(spark).toMatch(/^ {2}[ ▁▂▃▄▅▆▇█]{48}$/);
    expect(spark.trim()).toMatch(/█$/);
  });

  it('takes the room by id or name, the period alone, and refuses a bad period with the usage line', async () => {
    const stack = await stackWith();
    stack.emulator.state.join('default', 2, 'eve');
    await stack.recorded();
    const out = await stack.console([
      '/chat stats',
      '/chat stats 7d',
      '/chat stats #2 24h',
      '/chat stats 3',
      '/chat stats 1m',
      '/chat stats Lobby 1x',
      '/chat stats Nowhere',
    ]);
    expect(out).toContain('Occupancy: Logged-in users (group default), last 24 hours');
    expect(out).toContain('Occupancy: Logged-in users (group default), last 7 days');
    // Music's capacity: the Data API's (50) over the configured one (40).
    expect(out).toContain('Occupancy: Music (2), last 24 hours');
    expect(out).toMatch(/Capacity\s+50/);
    expect(out).toContain('Occupancy: Help Desk (3), last 24 hours');
    expect(out).toContain('occupancy-total-7d.png');
    expect(out).toContain(
      'Period must be a duration such as 1h, 24h or 7d (500ms, 90s, 30m, 2h, 1d or 2w), from 10m to 366d.\n  Usage: /chat stats [room] [period]',
    );
    expect(out).toContain('There is no room called "Nowhere"');
    expect(stack.logs.filter((line) => line.startsWith('internal error'))).toEqual([]);
  });

  it('needs the stats permission', async () => {
    const stack = await stackWith();
    const viewer: RequestMeta = { identity: { platform: 'slack', userId: 'U0VIEW', groupIds: [] } };
    const reply = await stack.runtime.core.handleLine('/chat stats', viewer);
    expect(reply.title).toBe('Not allowed');
    expect(reply.attachment).toBeUndefined();
  });

  it('says so when the history is off (stats.enabled: false), and records nothing', async () => {
    const stack = await stackWith({
      config:
        'roles: { admin: { allow: ["*"] } }\nbindings: { console: { role: admin } }\nstats: { enabled: false }\n',
    });
    stack.emulator.state.join('default', 1, 'ann');
    await stack.emulator.statusFilesWritten();
    const out = await stack.console(['/chat stats']);
    expect(out).toContain('! Occupancy history is off');
    expect(out).toContain('stats.enabled is false');
    expect(stack.runtime.recorder).toBeUndefined();
    expect(await readCounts(stack)).toEqual({ totalMinutes: 0, roomMinutes: 0, totalHours: 0, roomHours: 0 });
    expect(existsSync(oldHistoryFile(stack))).toBe(false);
  });
});

describe('recording stopped and started again (leadership lost and regained)', () => {
  it('records nothing while stopped; a new start records what the status shows, and the changes after it', async () => {
    const stack = await stackWith();
    const recorder = stack.runtime.recorder;
    if (recorder === undefined) throw new Error('the recorder is off');
    stack.emulator.state.join('default', 1, 'ann');
    await stack.recorded();
    await recorder.stop();
    expect(recorder.running).toBe(false);
    const samplesWhenStopped = recorder.samplesRecorded;

    stack.emulator.state.join('default', 1, 'bob');
    await stack.emulator.statusFilesWritten();
    // Longer than the watch's debounce (20 ms) and a write: a running recorder would have written it.
    await sleep(300);
    expect(recorder.samplesRecorded).toBe(samplesWhenStopped);
    expect(latest(await readSeries(stack, 1))?.users).toBe(1);

    await recorder.start();
    expect(recorder.running).toBe(true);
    expect(latest(await readSeries(stack, 1))?.users).toBe(2);
    stack.emulator.state.join('default', 1, 'cat');
    await stack.recorded();
    expect(latest(await readSeries(stack, 1))?.users).toBe(3);

    // And once more: stop and start may come as often as leadership changes hands.
    await recorder.stop();
    await recorder.start();
    stack.emulator.state.leave('default', 1, 'ann');
    await stack.recorded();
    expect(latest(await readSeries(stack, 1))?.users).toBe(2);
    expect(
      stack.logs.filter((line) => line.startsWith('stats:') || line.startsWith('internal error')),
    ).toEqual([]);
  });
});

describe('stats.path naming what is not an old history file', () => {
  it('leaves the bot running and the history on in the state store; the log says why nothing was imported', async () => {
    const stack = await stackWith({
      // The chat server's data folder: a folder is not a history file.
      config:
        'roles: { admin: { allow: ["*"] } }\nbindings: { console: { role: admin } }\nstats: { path: ./data }\n',
    });
    stack.emulator.state.join('default', 1, 'ann');
    await stack.recorded();
    const out = await stack.console(['/chat stats Lobby 1h', '/chat status']);
    expect(out).toContain('Occupancy: Lobby (1), last 1 hour');
    expect(out).toMatch(/Latest\s+1/);
    expect(out).toContain('Chat server status');
    expect(stack.logs).toContainEqual(expect.stringMatching(/^stats: stats\.path \(\S+data\) is deprecated/));
    expect(stack.logs).toContainEqual(
      expect.stringMatching(
        /^stats: the old occupancy history \S+data could not be imported \(.+\); it is tried again at the next start/,
      ),
    );
  });
});

describe('alerts with the last hour’s chart', () => {
  const config = (attachChart: string) => `
roles: { admin: { allow: ["*"] } }
bindings: { console: { role: admin } }
alerts:
  probeInterval: 100ms
  staleAfter: off
  rules:
    - { name: lobby-busy, roomUsers: 2, rooms: [Lobby], cooldown: 0s, channels: { slack: C0ALERTS1 }${attachChart} }
    - { name: many-online, loggedIn: 2, cooldown: 0s, channels: { slack: C0ALERTS1 } }
`;

  it('attaches the room’s chart to an alert of a rule with attachChart, and none to the others', async () => {
    const stack = await stackWith({ config: config(', attachChart: true') });
    const sink = new RecordingSink('slack');
    await stack.runtime.alerts.start([sink]);
    for (const user of ['ann', 'bob']) stack.emulator.state.join('default', 1, user);
    await stack.emulator.statusFilesWritten();
    await waitUntil('two alerts', () => sink.posts.length >= 2);
    await stack.runtime.alerts.settled();
    const lobby = sink.posts.find((post) => post.reply.title.startsWith('Lobby (1) has 2 users'));
    const attachment = lobby?.reply.attachment;
    expect(attachment?.fileName).toBe('occupancy-room-1-1h.png');
    expect(attachment?.mediaType).toBe('image/png');
    expect(attachment?.altText).toMatch(/^Occupancy chart of Lobby \(1\), last 1 hour: peak 2/);
    const image = await loadImage(Buffer.from(attachment?.content as Uint8Array));
    expect([image.width, image.height]).toEqual([800, 400]);
    const online = sink.posts.find((post) => post.reply.title.includes('logged in'));
    expect(online?.reply.attachment).toBeUndefined();
  });
});
