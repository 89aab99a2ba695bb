import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateReplyPages } from '../../adapters/shared/state-reply-pages.ts';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import {
  ADMIN,
  messageText,
  pageButton,
  type SlackTestApp,
  startSlackTestApp,
} from '../helpers/slack-test-app.ts';

/**
 * Two bot instances sharing one PostgreSQL, each with its Slack adapter behind its own port, as a
 * load balancer would spread requests: a long list asked through one is paged through the other.
 */

const PASSWORD = 'shared-pages-pw-5521';
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
state: { store: postgres }
stats: { enabled: false }
`;
const VISITORS = 120;
const visitor = (index: number) => `guest${String(index).padStart(3, '0')}`;

let emulator: RunningEmulator;
let database: { url: string; drop(): Promise<void> };
const instances: Runtime[] = [];
const slackApps: SlackTestApp[] = [];
const folders: string[] = [];

async function instance(): Promise<Runtime> {
  const folder = await mkdtemp(join(tmpdir(), 'flashchat-pages-instance-'));
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

/** The instance's Slack adapter with the page store the app gives it (app/platforms.ts). */
async function slackOf(runtime: Runtime): Promise<SlackTestApp> {
  const app = await startSlackTestApp(runtime.core, {
    // Uploads off: the list is paged rather than sent as a file.
    uploadAttachments: false,
    interactionStores: { pages: stateReplyPages(runtime.state.entries) },
  });
  slackApps.push(app);
  return app;
}

beforeAll(async () => {
  const serverFolder = await mkdtemp(join(tmpdir(), 'flashchat-pages-server-'));
  folders.push(serverFolder);
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(serverFolder, 'data'),
    password: PASSWORD,
    rooms: [{ id: 5, name: 'Arena', max: 500 }],
  });
  for (let index = 0; index < VISITORS; index += 1) emulator.state.join('default', 5, visitor(index));
  database = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(slackApps.map((app) => app.close()));
  await Promise.all(instances.map((runtime) => runtime.close()));
  await emulator?.stop();
  await database?.drop();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const namesShown = (text: string) => text.split('\n').filter((line) => line.startsWith('guest'));

describe('two instances, one PostgreSQL: list pages', () => {
  it('a list asked through one instance is paged through the other, and back', async () => {
    const [a, b] = [await instance(), await instance()];
    const [slackA, slackB] = [await slackOf(a), await slackOf(b)];

    const first = await slackA.run('who Arena', ADMIN);
    expect(messageText(first)).toContain('page 1 of 3');
    expect(namesShown(messageText(first))[0]).toBe(visitor(0));

    const next = pageButton(first, 'next')?.action_id;
    if (next === undefined) throw new Error(`no next button on: ${messageText(first)}`);
    const click = await slackB.click(next, ADMIN);
    expect(click.ack.status).toBe(200);
    const [second] = await slackB.api.waitForResponses(click.responseUrl);
    if (second === undefined) throw new Error('no page');
    expect(second.replace_original).toBe(true);
    expect(messageText(second)).toContain('page 2 of 3');
    expect(namesShown(messageText(second))).toEqual(
      Array.from({ length: 50 }, (_, index) => visitor(50 + index)),
    );

    // Its buttons work on the first instance again.
    const further = pageButton(second, 'next')?.action_id;
    if (further === undefined) throw new Error(`no next button on: ${messageText(second)}`);
    const back = await slackA.click(further, ADMIN);
    const [third] = await slackA.api.waitForResponses(back.responseUrl);
    expect(messageText(third ?? {})).toContain('page 3 of 3');
    expect(namesShown(messageText(third ?? {}))).toEqual(
      Array.from({ length: 20 }, (_, index) => visitor(100 + index)),
    );
  });
});
