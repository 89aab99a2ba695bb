import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../../e2e/harness.ts';
import type { SlackUser } from '../../helpers/slack-requests.ts';
import { messageText, SECRETS, type SlackTestApp, startSlackTestApp } from '../../helpers/slack-test-app.ts';
import type { StandInUsergroup } from '../../helpers/slack-web-api-stand-in.ts';

const CONFIG = `
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm] }
  admin:     { allow: ["*"] }
bindings:
  slack:
    users: { U0ADMIN: admin }
    usergroups: { S0MODS: moderator, "@Viewers": viewer }
`;

const ADMIN: SlackUser = { userId: 'U0ADMIN' };
const MOD: SlackUser = { userId: 'U0MOD', userName: 'mo' };
const VIEWER: SlackUser = { userId: 'U0VIEWER', userName: 'vi' };
const NEWCOMER: SlackUser = { userId: 'U0NEW', userName: 'newt' };

const workspaceGroups = (): StandInUsergroup[] => [
  { id: 'S0MODS', handle: 'chat-mods', users: ['U0MOD'] },
  { id: 'S0VIEW', handle: 'viewers', users: ['U0VIEWER'] },
  { id: 'S0OTHER', handle: 'marketing', users: ['U0MOD', 'U0NEW'] },
];

const MISSING_SCOPE = {
  body: { ok: false, error: 'missing_scope', needed: 'usergroups:read', provided: 'commands,chat:write' },
};

let stack: Stack;
let slack: SlackTestApp;
beforeAll(async () => {
  stack = await startStack(CONFIG);
  slack = await startSlackTestApp(stack.runtime.core);
});
afterAll(async () => {
  await slack?.close();
  await stack?.close();
});
beforeEach(async () => {
  slack.api.usergroups = workspaceGroups();
  slack.api.answer('usergroups.list', undefined);
  slack.api.answer('usergroups.users.list', undefined);
  // Every group is read afresh for each test.
  for (const group of workspaceGroups()) expect((await slack.event(updated(group.id))).status).toBe(200);
});

const membersChanged = (groupId: string) => ({
  type: 'subteam_members_changed',
  subteam_id: groupId,
  team_id: 'T1',
});
const updated = (groupId: string) => ({ type: 'subteam_updated', subteam: { id: groupId, team_id: 'T1' } });
const allowed = async (user: SlackUser, text: string) =>
  !messageText(await slack.run(text, user)).includes('Not allowed');

describe('roles from Slack user groups', () => {
  it('a group bound by id and a group bound by @handle (any case) give their roles', async () => {
    expect(await allowed(MOD, 'broadcast from a moderator')).toBe(true);
    expect(await allowed(VIEWER, 'status')).toBe(true);
    const denial = messageText(await slack.run('broadcast from a viewer', VIEWER));
    expect(denial).toContain('Your roles: viewer.');
    expect(await allowed(NEWCOMER, 'status')).toBe(false);
    expect(slack.api.callsTo('usergroups.list').at(-1)?.params).toMatchObject({ include_disabled: 'false' });
  });

  it('memberships are cached: more commands read nothing more', async () => {
    await slack.run('status', MOD);
    const calls = slack.api.calls.length;
    await slack.run('status', MOD);
    await slack.run('status', VIEWER);
    expect(slack.api.calls.length).toBe(calls);
  });

  it('subteam_members_changed: the group is read again, and the change applies at once', async () => {
    expect(await allowed(NEWCOMER, 'broadcast not yet')).toBe(false);
    slack.api.usergroups.find((group) => group.id === 'S0MODS')?.users.push('U0NEW');
    expect(await allowed(NEWCOMER, 'broadcast still cached')).toBe(false);

    const readsBefore = slack.api.callsTo('usergroups.users.list').length;
    expect((await slack.event(membersChanged('S0MODS'))).status).toBe(200);
    expect(await allowed(NEWCOMER, 'broadcast now a moderator')).toBe(true);
    const reads = slack.api.callsTo('usergroups.users.list').slice(readsBefore);
    expect(reads.map((call) => call.params.usergroup)).toEqual(['S0MODS']);
  });

  it('subteam_updated: a renamed handle is read again (the @Viewers binding no longer matches)', async () => {
    expect(await allowed(VIEWER, 'status')).toBe(true);
    const viewers = slack.api.usergroups.find((group) => group.id === 'S0VIEW');
    if (viewers) viewers.handle = 'lurkers';
    await slack.event(updated('S0VIEW'));
    expect(await allowed(VIEWER, 'status')).toBe(false);
  });

  it('usergroups.users.list failing with missing_scope: denied with the reason; the log says what to fix, once', async () => {
    slack.api.answer('usergroups.users.list', () => MISSING_SCOPE);
    for (const group of workspaceGroups()) await slack.event(membersChanged(group.id));
    const denial = messageText(await slack.run('broadcast hello', MOD));
    expect(denial).toContain(
      'Your groups could not be read: the Slack app lacks the usergroups:read scope; ask a Slack admin to add it and reinstall the app.',
    );
    await slack.run('status', VIEWER);
    const advice = slack.logs.filter((line) =>
      line.includes('usergroups.users.list failed: Slack answered missing_scope'),
    );
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('Add the usergroups:read bot scope');
    // Bindings by user id do not need groups.
    expect(await allowed(ADMIN, 'broadcast from the admin')).toBe(true);

    slack.api.answer('usergroups.users.list', undefined);
    for (const group of workspaceGroups()) await slack.event(membersChanged(group.id));
    expect(await allowed(MOD, 'broadcast after the fix')).toBe(true);
    expect(slack.logs.at(-1)).toBe('Slack: user groups can be read again.');
  });
});

describe('bounded lifetime and other failures (a second app, with a 300 ms cache)', () => {
  let shortLived: SlackTestApp;
  beforeAll(async () => {
    shortLived = await startSlackTestApp(stack.runtime.core, { usergroupCacheMs: 300 });
    shortLived.api.usergroups = workspaceGroups();
  });
  afterAll(async () => shortLived?.close());

  it('a change is picked up after the cache lifetime without any event', async () => {
    expect(!messageText(await shortLived.run('broadcast no', VIEWER)).includes('Not allowed')).toBe(false);
    shortLived.api.usergroups.find((group) => group.id === 'S0MODS')?.users.push('U0VIEWER');
    await sleep(350);
    expect(messageText(await shortLived.run('broadcast yes', VIEWER))).not.toContain('Not allowed');
  });

  it('plan_upgrade_required on usergroups.list: denied, told why', async () => {
    shortLived.api.answer('usergroups.list', () => ({ body: { ok: false, error: 'plan_upgrade_required' } }));
    await sleep(350);
    const denial = messageText(await shortLived.run('status', VIEWER));
    expect(denial).toContain(
      "Your groups could not be read: this Slack workspace's plan has no user groups; ask an admin to bind your user id instead.",
    );
    expect(shortLived.logs.join('\n')).toContain('bind users by id in chatops.yml');
  });

  it('Slack unreachable (HTTP 503 on every try): denied, told to try again', async () => {
    shortLived.api.answer('usergroups.list', () => ({ status: 503, body: { ok: false } }));
    await sleep(350);
    const denial = messageText(await shortLived.run('status', VIEWER));
    expect(denial).toContain(
      'Your groups could not be read: Slack answered HTTP 503; try again in a minute.',
    );
    // The client's bounded retry policy: four attempts, then the answer.
    expect(shortLived.api.callsTo('usergroups.list').filter((call) => call.status === 503)).toHaveLength(4);
  });

  it('no secret in any log line', () => {
    for (const line of [...slack.logs, ...shortLived.logs])
      for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});
