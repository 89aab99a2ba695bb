import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatOpsConfig } from '../src/config/index.ts';
import { type RunningEmulator, simulateHistory, startEmulator } from '../src/emulator/index.ts';
import { stateStoreSettings } from '../src/runtime/create-runtime.ts';
import { openStateStore } from '../src/state/index.ts';
import { OccupancyHistory } from '../src/stats/index.ts';

export interface DemoServer {
  emulator: RunningEmulator;
  dataDir: string;
  /** Where the console saves charts and lists: outside the data folder, so they outlive the demo. */
  attachmentsFolder: string;
  apiPassword: string;
  /** The bot reads the Data API only (npm start -- --remote). */
  remote: boolean;
  stop(): Promise<void>;
}

const DEMO_ROOMS = [
  { id: 1, name: 'Lobby', max: 100, owner: 'admin', desc: 'Say hello' },
  { id: 2, name: 'Music', max: 50, owner: 'admin', desc: 'What are you listening to?' },
  { id: 3, name: 'Help Desk', max: 10, owner: 'support', desc: 'Ask the team' },
  { id: 4, name: 'Members Lounge', max: 30, owner: 'admin' },
];

const FIRST_VISITORS: ReadonlyArray<[number, string]> = [
  [1, 'alice'],
  [1, 'Bob'],
  [1, 'chloé'],
  [1, 'dmitri'],
  [1, 'Eve'],
  [2, 'farid'],
  [2, 'Gus'],
  [3, 'hana'],
];

/** Kept after the demo stops (a piped run prints chart paths that must still be there). */
const DEMO_ATTACHMENTS_FOLDER = join(tmpdir(), 'flashchat-ops-demo-charts');
const DAY_MS = 86_400_000;

/**
 * A day of the same simulated visitors before the demo started, written to the demo's occupancy
 * history in its state store, so `/chat stats` draws a real curve at once instead of one point.
 */
export async function seedDemoHistory(config: ChatOpsConfig, now: number = Date.now()): Promise<number> {
  if (!config.stats.enabled) return 0;
  const minutes = simulateHistory({ rooms: DEMO_ROOMS, seed: 1, from: now - DAY_MS, to: now - 60_000 });
  const { store } = await openStateStore(stateStoreSettings(config));
  try {
    const history = new OccupancyHistory({
      records: store.history,
      group: config.server.group,
      location: store.location,
      retentionMs: config.stats.retentionMs,
    });
    await history.record(
      minutes.map(({ at, online, rooms }) => ({
        at,
        totals: { loggedIn: online.loggedIn, connections: online.connections, rooms: online.rooms },
        rooms,
      })),
    );
  } finally {
    await store.close();
  }
  return minutes.length;
}

/**
 * The embedded 123 Flash Chat server of demo mode: free loopback ports, a throw-away data
 * folder, a random API password, a few named rooms with people in them, and simulated visitors.
 */
export async function startDemoServer(options: { remote?: boolean } = {}): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flashchat-ops-demo-'));
  const apiPassword = randomBytes(12).toString('hex');
  const emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir,
    password: apiPassword,
    rooms: DEMO_ROOMS,
    simulate: { seed: 1, eventsPerSecond: 1 },
  });
  for (const [room, user] of FIRST_VISITORS) emulator.state.join('default', room, user);
  await emulator.statusFilesWritten();
  return {
    emulator,
    dataDir,
    attachmentsFolder: DEMO_ATTACHMENTS_FOLDER,
    apiPassword,
    remote: options.remote === true,
    async stop() {
      await emulator.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function demoBanner(demo: DemoServer): string {
  return `
flashchat-ops DEMO: an embedded 123 Flash Chat server on this machine, no real chat, no tokens.
  Server API  127.0.0.1:${demo.emulator.serverApiPort}    Data API  http://127.0.0.1:${demo.emulator.httpPort}/rooms.xml
  ${
    demo.remote
      ? `Status       from the Data API only (--remote): the bot is given no status folder`
      : `Status files ${demo.dataDir}/default/   (removed when the demo stops)`
  }
  Charts       ${demo.attachmentsFolder}/   (kept; /chat stats starts with a day of simulated history)
  You are bound to the admin role. Try: /chat help, /chat status, /chat rooms, /chat who Lobby
To run against a real server, Slack and Discord: copy .env.example to .env and chatops.example.yml
to chatops.yml, fill them in, and npm start again (see README.md).

`;
}
