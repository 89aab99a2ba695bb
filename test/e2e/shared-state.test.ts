import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateExpiringStore } from '../../adapters/shared/state-expiring-store.ts';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Runtime } from '../../src/runtime/create-runtime.ts';
import { type SharedInstances, startSharedInstances } from '../helpers/shared-instances.ts';
import { ADMIN, SIGNING_SECRET, type SlackTestApp, startSlackTestApp } from '../helpers/slack-test-app.ts';

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

let shared: SharedInstances;
const slackApps: SlackTestApp[] = [];

const instance = async (): Promise<Runtime> => (await shared.instance(CONFIG)).runtime;

beforeAll(async () => {
  shared = await startSharedInstances({
    name: 'shared-state',
    password: PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 100 }],
  });
});
afterAll(async () => {
  await Promise.all(slackApps.map((app) => app.close()));
  await shared?.close();
});

const received = (type: string) =>
  shared.emulator.acceptedCommands.filter((command) => command.type === type).length;

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

  it('a Slack command delivered to both instances (a replay behind the balancer) runs once', async () => {
    const [a, b] = [await instance(), await instance()];
    const apps = await Promise.all(
      [a, b].map((runtime) =>
        startSlackTestApp(runtime.core, {
          seenTriggers: new StateExpiringStore<true>(runtime.state.entries, 'slack-triggers'),
        }),
      ),
    );
    slackApps.push(...apps);
    const before = received('add_room');
    const signing = { secret: SIGNING_SECRET, triggerId: '13345224609.738474920.8088930838d88f008e0' };
    const sent = await Promise.all(apps.map((app) => app.command('room add Once', ADMIN, signing)));
    expect(sent.map(({ ack }) => ack.status)).toEqual([200, 200]);
    // The one that ran answers; the other logs the drop. Both are known once one has answered.
    const answered = await Promise.race(
      sent.map(async ({ responseUrl }, index) => {
        await apps[index]?.api.waitForResponses(responseUrl);
        return index;
      }),
    );
    const other = apps[1 - answered];
    await waitForLog(other, 'was dropped (trigger already seen)');
    expect(received('add_room') - before).toBe(1);
  });
});

async function waitForLog(app: SlackTestApp | undefined, text: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (app?.logs.some((line) => line.includes(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no log line with "${text}"`);
}
