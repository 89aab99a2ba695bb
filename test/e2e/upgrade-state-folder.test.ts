import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/index.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { openStateStore } from '../../src/state/index.ts';
import { startAppProcess } from '../helpers/app-process.ts';
import { startEmulatorIn } from '../helpers/loopback-emulator.ts';

/**
 * An upgrade: the state folder and audit log that the release before the state store held
 * everything wrote (test/fixtures/release-2026-12-07, made by that release's own code, commit
 * 49248d3: alerts.json with an announced condition and a mute, rooms.json with a room it created,
 * audit.jsonl with two commands, occupancy.sqlite with recorded minutes, and its state.sqlite at
 * schema 1), started with this release as `npm start` runs it: everything is imported into the
 * state store on the first start, once, and is what the commands show.
 */

const FIXTURE = new URL('../fixtures/release-2026-12-07', import.meta.url).pathname;
const API_PASSWORD = 'upgrade-api-pwd-93b1';
/** The configuration the fixture was made with. */
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
alerts:
  probeInterval: 1h
  staleAfter: off
  rules:
    - name: lobby-busy
      roomUsers: 2
      margin: 1
      rooms: [1]
      channels: { slack: C0ALERTS }
    - name: quiz-busy
      roomUsers: 5
      rooms: [2]
      channels: { slack: C0ALERTS }
`;
/** What the fixture holds (see its files). */
const OLD = {
  muteUntil: 1799278973920,
  lobbyStartedAt: 1796686974082,
  broadcastAt: '2026-12-07T23:42:53.893Z',
};

let folder: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-upgrade-'));
  await cp(FIXTURE, folder, { recursive: true });
  await writeFile(join(folder, 'chatops.yml'), CONFIG);
  emulator = await startEmulatorIn(folder, API_PASSWORD, [
    { id: 1, name: 'Lobby', max: 50 },
    { id: 2, name: 'Quiz', max: 50 },
  ]);
  // Lobby is still busy, as when the old release stopped: its condition stays announced.
  for (const user of ['ann', 'ben', 'cy']) emulator.state.join('default', 1, user);
  await emulator.statusFilesWritten();
});

afterAll(async () => {
  await emulator?.stop();
  await rm(folder, { recursive: true, force: true });
});

/** `npm start` with commands piped in: it answers them and exits at the end of input. */
async function startWith(
  lines: readonly string[],
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const app = startAppProcess(folder, {
    FLASHCHAT_API_PASSWORD: API_PASSWORD,
    FLASHCHAT_PORT: String(emulator.serverApiPort),
    FLASHCHAT_DATA_DIR: join(folder, 'data'),
    FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
  });
  app.child.stdin.end(`${lines.join('\n')}\n`);
  const code = await app.exited;
  return { stdout: app.stdout, stderr: app.stderr, code };
}

describe('upgrading from the release whose state was in files', () => {
  it('the first start imports alerts.json, rooms.json, audit.jsonl and occupancy.sqlite into the state store; the commands show them', async () => {
    const first = await startWith(['/chat alerts', '/chat audit']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/state: sqlite at .*state\.sqlite \(schema 1 migrated to \d+\)/);
    expect(first.stderr).toMatch(/audit: imported 3 entries from .*audit\.jsonl into the audit chain/);
    expect(first.stderr).toMatch(
      /rooms: imported 1 remembered room name of group default from .*rooms\.json/,
    );
    expect(first.stderr).toMatch(
      /alerts: imported .*alerts\.json into the state store .*: 1 condition and 1 mute/,
    );
    expect(first.stderr).toMatch(
      /stats: imported the old occupancy history .*occupancy\.sqlite into the state store/,
    );
    // The mute and the announced condition hold: nothing about Lobby is alerted again.
    expect(first.stdout).toContain('quiz-busy');
    expect(first.stdout).toContain(new Date(OLD.muteUntil).toISOString().slice(0, 16));
    expect(first.stdout).toMatch(/ACTIVE: Lobby \(1\), 3\/50 users/);
    // The audit log shows the old release's entries, as they were written.
    expect(first.stdout).toContain(`${OLD.broadcastAt} · console · Tess (tester) · broadcast · allowed/ok`);

    const { store } = await openStateStore({ store: 'sqlite', dir: join(folder, 'state') });
    try {
      expect(await store.rooms.names('default')).toEqual(new Map([[3, 'Music Corner']]));
      const conditions = await store.alerts.conditions('default');
      expect(conditions).toContainEqual({
        rule: 'lobby-busy',
        key: 'room:1',
        state: expect.objectContaining({ active: true, announced: true, startedAt: OLD.lobbyStartedAt }),
      });
      expect(await store.alerts.mutes('default')).toContainEqual(
        expect.objectContaining({ rule: 'quiz-busy', until: OLD.muteUntil }),
      );
      const chain = await verifyAuditChain(store.audit);
      expect(chain.breaks).toEqual([]);
      const entries = (await store.audit.after(0, 100)).map(
        (record) => JSON.parse(record.entry) as { operation: string },
      );
      // The old entries first, in their order, then this start's two commands.
      expect(entries.map((entry) => entry.operation)).toEqual([
        'room.add',
        'broadcast',
        'alerts.mute',
        'alerts',
        'audit',
      ]);
    } finally {
      await store.close();
    }
    const db = new Database(join(folder, 'state', 'state.sqlite'), { readonly: true });
    try {
      const lobbyPeak = db
        .prepare(
          "SELECT MAX(peak) AS peak FROM occupancy_room_minutes WHERE server_group = 'default' AND room = 1",
        )
        .get() as { peak: number | null };
      expect(lobbyPeak.peak).toBe(3);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a second start imports nothing again', async () => {
    const second = await startWith(['/chat status']);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/imported/);
    const { store } = await openStateStore({ store: 'sqlite', dir: join(folder, 'state') });
    try {
      const operations = (await store.audit.after(0, 100)).map(
        (record) => (JSON.parse(record.entry) as { operation: string }).operation,
      );
      expect(operations).toEqual(['room.add', 'broadcast', 'alerts.mute', 'alerts', 'audit', 'status']);
      expect(await store.rooms.names('default')).toEqual(new Map([[3, 'Music Corner']]));
    } finally {
      await store.close();
    }
  }, 60_000);
});
