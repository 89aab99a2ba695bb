import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomically } from '../../src/files/write-file-atomically.ts';
import { DEFAULT_DEBOUNCE_MS, groupStatusFolder, roomFileName } from '../../src/status/index.ts';
import { startSlackTestApp } from '../../test/helpers/slack-test-app.ts';
import { type BenchOptions, type Figure, latency } from '../figure.ts';
import { startRemoteStack } from '../remote-stack.ts';
import { summarise, until } from '../stats.ts';

const THRESHOLD = 50;
const ALERTS_CHANNEL = 'C0ALERTS1';
/** Rooms 1001, 1002, …: each sample is a room of its own, so no cooldown or hysteresis applies. */
const FIRST_ROOM = 1001;

/**
 * One roomUsers rule on every room, posting to Slack, with every production default: the status
 * watch's debounce window (DEFAULT_DEBOUNCE_MS), fs.watch with the polling fallback, the default
 * cooldown, the delivery queue's defaults. Nothing is shortened.
 */
export const ALERTS_CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
alerts:
  rules:
    - name: busy-room
      roomUsers: ${THRESHOLD}
      channels: { slack: ${ALERTS_CHANNEL} }
`;

/** A room file as the chat server writes it: one user a line. */
function roomFile(users: number, room: number): string {
  return Array.from({ length: users }, (_, index) => `r${room}-user${index}\n`).join('');
}

/**
 * Alert latency: a room's status file rewritten with the room past a roomUsers threshold, to the
 * chat.postMessage received by the Slack stand-in, through the app's path: the runtime's alert
 * engine (production timings), the real Slack adapter's alert sink and its Web API client.
 */
export async function alertLatency(options: BenchOptions): Promise<Figure> {
  const samplesWanted = options.quick ? 10 : 40;
  const alertLog: string[] = [];
  const stack = await startRemoteStack(ALERTS_CONFIG, {
    runtime: { alertLog: (line) => alertLog.push(line) },
  });
  const slack = await startSlackTestApp(stack.runtime.core);
  try {
    const arrivals: number[] = [];
    slack.api.answer('chat.postMessage', (params) => {
      arrivals.push(performance.now());
      return { body: { ok: true, channel: params.channel, ts: `${Math.floor(Date.now() / 1000)}.000100` } };
    });
    const folder = groupStatusFolder(stack.dataDir, 'default');
    const rooms = Array.from({ length: samplesWanted + 1 }, (_, index) => FIRST_ROOM + index);
    // Every room starts well below the threshold, before the engine starts.
    for (const room of rooms) await writeFileAtomically(join(folder, roomFileName(room)), roomFile(10, room));
    await stack.runtime.alerts.start([slack.adapter.alertSink]);

    const samples: number[] = [];
    for (const [index, room] of rooms.entries()) {
      const before = arrivals.length;
      const written = performance.now();
      await writeFileAtomically(join(folder, roomFileName(room)), roomFile(THRESHOLD + 5, room));
      await until(() => arrivals.length > before, `the alert for room ${room}`, 10_000, 1);
      // The first one warms the path up and is not counted.
      if (index > 0) samples.push((arrivals[before] ?? Number.NaN) - written);
      await stack.runtime.alerts.settled();
      // Past the window, so that each write opens a window of its own, as a lone change does.
      await sleep(DEFAULT_DEBOUNCE_MS);
    }
    const posts = slack.api.callsTo('chat.postMessage');
    if (posts.length !== rooms.length || posts.some((call) => call.params.channel !== ALERTS_CHANNEL))
      throw new Error(`bench: ${posts.length} alerts were posted for ${rooms.length} rooms`);
    const trouble = [...stack.problems, ...alertLog.filter((line) => !line.startsWith('alerts: sent to'))];
    if (trouble.length > 0) throw new Error(`bench: the runtime reported: ${trouble[0]}`);

    const summary = summarise(samples);
    return {
      name: 'alert latency: status-file write to Slack post',
      measured: latency(summary),
      reference: `production debounce ${DEFAULT_DEBOUNCE_MS} ms (window from the first change)`,
      value: summary.p50,
      target: 'p50 <= 300 ms',
      met: summary.p50 <= 300,
      details: {
        samples: samples.length,
        debounceMs: DEFAULT_DEBOUNCE_MS,
        watch: 'auto (fs.watch, polling fallback)',
        latency: summary,
      },
    };
  } finally {
    await stack.close();
    await slack.close();
  }
}
