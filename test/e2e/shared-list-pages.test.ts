import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateReplyPages } from '../../adapters/shared/state-reply-pages.ts';
import type { Runtime } from '../../src/runtime/create-runtime.ts';
import { type SharedInstances, startSharedInstances } from '../helpers/shared-instances.ts';
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

let shared: SharedInstances;
const slackApps: SlackTestApp[] = [];

const instance = async (): Promise<Runtime> => (await shared.instance(CONFIG)).runtime;

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
  shared = await startSharedInstances({
    name: 'shared-pages',
    password: PASSWORD,
    rooms: [{ id: 5, name: 'Arena', max: 500 }],
  });
  for (let index = 0; index < VISITORS; index += 1) shared.emulator.state.join('default', 5, visitor(index));
});
afterAll(async () => {
  await Promise.all(slackApps.map((app) => app.close()));
  await shared?.close();
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
