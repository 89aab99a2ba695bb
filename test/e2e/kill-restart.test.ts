import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { waitFor } from '../alerts/wait.ts';
import type { AppProcess } from '../helpers/app-process.ts';
import { appProcesses } from '../helpers/app-processes.ts';
import { startEmulatorIn } from '../helpers/loopback-emulator.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-test-app.ts';
import { type SlackWebApiStandIn, startSlackWebApiStandIn } from '../helpers/slack-web-api-stand-in.ts';

/**
 * The app killed outright (SIGKILL: no shutdown at all) with an alert firing, then started again
 * on the same folder, as a supervisor restarts a crashed bot. The README promises that nothing is
 * alerted twice across a restart and that a restart keeps the occupancy history: both are in the
 * state store (<state.dir>/state.sqlite).
 */

const API_PASSWORD = 'kill-restart-api-pwd-61c2f8';
const ALERTS_CHANNEL = 'C0ALERTS';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
alerts:
  probeInterval: 1h
  staleAfter: off
  rules:
    - name: lobby-busy
      roomUsers: 2
      margin: 1
      rooms: [1]
      channels: { slack: ${ALERTS_CHANNEL} }
`;

let folder: string;
let emulator: RunningEmulator;
let slack: SlackWebApiStandIn;
const apps = appProcesses();

function startApp(): AppProcess {
  return apps.start(folder, {
    FLASHCHAT_API_PASSWORD: API_PASSWORD,
    FLASHCHAT_PORT: String(emulator.serverApiPort),
    FLASHCHAT_DATA_DIR: join(folder, 'data'),
    FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_PORT: '0',
    SLACK_API_URL: slack.apiUrl,
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-kill-'));
  emulator = await startEmulatorIn(folder, API_PASSWORD, [{ id: 1, name: 'Lobby', max: 10 }]);
  slack = await startSlackWebApiStandIn();
  await writeFile(join(folder, 'chatops.yml'), CONFIG);
}, 30_000);

afterAll(async () => {
  await apps.stopAll();
  await slack?.close();
  await emulator?.stop();
  await rm(folder, { recursive: true, force: true });
});

const alertPosts = () =>
  slack
    .callsTo('chat.postMessage')
    .filter((call) => call.params.channel === ALERTS_CHANNEL && call.status === 200)
    .map((call) => String(call.params.text));

interface RoomMinute {
  room: number;
  minute: number;
  users: number;
  peak: number;
}

/** The room minutes in the history, as another reader of the state store's file sees them. */
function roomMinutes(): RoomMinute[] {
  const db = new Database(join(folder, 'state', 'state.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "SELECT room, minute, users, peak FROM occupancy_room_minutes WHERE server_group = 'default' ORDER BY room, minute",
      )
      .all() as RoomMinute[];
  } finally {
    db.close();
  }
}

/** The alert state of Lobby, as another reader of the state store's file sees it. */
async function lobbyState(): Promise<{ active: boolean; announced: boolean } | undefined> {
  const db = new Database(join(folder, 'state', 'state.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        "SELECT state FROM alert_conditions WHERE server_group = 'default' AND rule = 'lobby-busy' AND condition_key = 'room:1'",
      )
      .get() as { state: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.state) as { active: boolean; announced: boolean });
  } finally {
    db.close();
  }
}

describe('SIGKILL with an alert firing, then a restart', () => {
  it('the alert is not posted again for the same episode, its recovery is, and the history from before the kill is kept', async () => {
    const first = startApp();
    await first.logMatch(/"msg":"flashchat-ops started"/);
    for (const user of ['ann', 'ben', 'cy']) emulator.state.join('default', 1, user);
    await waitFor('the alert posted', () => alertPosts().length === 1, 10_000);
    expect(alertPosts()[0]).toContain('Lobby');
    // Saved before it was sent (the engine persists, then posts).
    expect(await lobbyState()).toMatchObject({ active: true, announced: true });
    await waitFor(
      'the three users recorded',
      () => roomMinutes().some((row) => row.room === 1 && row.users === 3),
      10_000,
    );
    const historyBeforeKill = roomMinutes();

    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = startApp();
    await second.logMatch(/"msg":"flashchat-ops started"/);
    // The condition still holds: the restarted engine has seen it (its first evaluation is done
    // before "started"), and a clearing now is announced. Posts go out in order, so a repeated
    // alert from the start would be in before the recovery.
    for (const user of ['ann', 'ben', 'cy']) emulator.state.leave('default', 1, user);
    await waitFor('the recovery posted', () => alertPosts().length >= 2, 10_000);
    const posts = alertPosts();
    expect(posts).toHaveLength(2);
    expect(posts[1]).toContain('Alert rule lobby-busy has cleared');
    expect(await lobbyState()).toMatchObject({ active: false });

    // Every minute recorded before the kill is still there, as it was or (same minute) with a later value.
    const after = roomMinutes();
    for (const row of historyBeforeKill) {
      const kept = after.find((candidate) => candidate.room === row.room && candidate.minute === row.minute);
      expect(kept).toBeDefined();
      expect(kept?.peak).toBeGreaterThanOrEqual(row.peak);
    }
    expect(after.some((row) => row.room === 1 && row.peak === 3)).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
