import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { freshDatabase } from '../helpers/postgres.ts';

/**
 * Two bot instances (two runtimes, each with its own folder) sharing one PostgreSQL state store
 * and one chat server: what one instance holds, the other sees.
 */

const PASSWORD = 'shared-state-pw-1181';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
cooldowns: { broadcast: 1h }
state: { store: postgres }
stats: { enabled: false }
`;
const admin: RequestMeta = {
  identity: { platform: 'slack', userId: 'U0ADMIN', userName: 'ada', groupIds: [] },
  channel: 'C1',
};

let emulator: RunningEmulator;
let database: { url: string; drop(): Promise<void> };
const instances: Runtime[] = [];
const folders: string[] = [];

async function instance(): Promise<Runtime> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-instance-'));
  folders.push(folder);
  const config = parseConfig(CONFIG, {
    fileName: join(folder, 'chatops.yml'),
    env: {
      FLASHCHAT_API_PASSWORD: PASSWORD,
      FLASHCHAT_PORT: String(emulator.serverApiPort),
      FLASHCHAT_DATA_API_URL: `http://127.0.0.1:${emulator.httpPort}`,
      FLASHCHAT_STATUS_SOURCE: 'dataApi',
      CHATOPS_DATABASE_URL: database.url,
    },
    permissionKeys: PERMISSION_KEYS,
    operationNames: OPERATION_NAMES,
  });
  const runtime = await createRuntime(config, { secrets: [PASSWORD, database.url], report: () => {} });
  instances.push(runtime);
  return runtime;
}

beforeAll(async () => {
  const serverFolder = await mkdtemp(join(tmpdir(), 'flashchat-shared-server-'));
  folders.push(serverFolder);
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(serverFolder, 'data'),
    password: PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 100 }],
  });
  database = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(instances.map((runtime) => runtime.close()));
  await emulator?.stop();
  await database?.drop();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const received = (type: string) =>
  emulator.acceptedCommands.filter((command) => command.type === type).length;

describe('two instances, one PostgreSQL state store', () => {
  it('a cooldown taken on one holds on the other, also for a burst over both', async () => {
    const [a, b] = [await instance(), await instance()];
    expect(a.state.kind).toBe('postgres');
    const before = received('broadcast');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? a : b).core.handleLine(`broadcast burst ${index}`, admin),
      ),
    );
    expect(replies.filter((reply) => reply.title === 'Broadcast sent')).toHaveLength(1);
    expect(replies.filter((reply) => reply.title === 'Please wait')).toHaveLength(19);
    expect(received('broadcast') - before).toBe(1);
  });

  it('a room delete asked on one instance and confirmed on the other runs once', async () => {
    const [a, b] = [await instance(), await instance()];
    const prompt = await a.core.handleLine('room delete Lobby', admin);
    const id = prompt.confirmation?.id;
    if (id === undefined) throw new Error(`no confirmation: ${prompt.title}`);
    const answers = await Promise.all([
      b.core.answerConfirmation(id, 'confirm', admin),
      a.core.answerConfirmation(id, 'confirm', admin),
    ]);
    const [won, lost] = answers[0]?.title.startsWith('Room deleted') ? answers : [answers[1], answers[0]];
    expect(won?.title).toBe('Room deleted: Lobby (1)');
    expect(lost?.text).toBe('This confirmation was already answered or is unknown.');
    expect(received('del_room')).toBe(1);
  });
});
