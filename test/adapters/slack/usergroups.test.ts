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
    usergroups: { S0MODS: moderator, "@Viewers": viewer, "@Ghosts": moderator }
`;

const ADMIN: SlackUser = { userId: 'U0ADMIN' };
const MOD: SlackUser = { userId: 'U0MOD', userName: 'mo' };
const VIEWER: SlackUser = { userId: 'U0VIEWER', userName: 'vi' };
const NEWCOMER: SlackUser = { userId: 'U0NEW', userName: 'newt' };
const LURKER: SlackUser = { userId: 'U0LURK', userName: 'lu' };

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
  slack = await startSlackTestApp(stack.runtime.core, {
    bindings: stack.config.bindings,
    usergroups: workspaceGroups(),
  });
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
  for (const group of [...workspaceGroups(), ...slack.api.usergroups])
    expect((await slack.event(updated(group.id))).status).toBe(200);
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
  it('at start, each @handle binding is pinned to the group carrying it (any case), with advice to bind by id', () => {
    expect(slack.logs).toContain(
      'Slack: user-group binding "@Viewers" is user group S0VIEW; bind it by id ("S0VIEW") so that a renamed or new group cannot take its place.',
    );
    expect(slack.logs).toContain(
      'Slack: user-group binding "@Ghosts" matches no user group; it gives no role until the app is restarted with such a group. Bind the group by id (S…).',
    );
    // One list read at start, before any command, to pin the handles.
    expect(slack.api.calls.slice(0, 3).map((call) => call.method)).toEqual([
      'auth.test',
      'auth.test',
      'usergroups.list',
    ]);
  });

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
    expect(slack.logs).toContain(
      'Slack: user-group binding "@Viewers": user group S0VIEW no longer carries that handle (it is "@lurkers" now); the binding gives no role while it does not.',
    );
    // Renamed back: the pinned group carries the handle again, and the binding applies again.
    if (viewers) viewers.handle = 'viewers';
    await slack.event(updated('S0VIEW'));
    expect(await allowed(VIEWER, 'status')).toBe(true);
  });

  it('a handle that named no group at start gives nothing, even once a group takes it', async () => {
    slack.api.usergroups.push({ id: 'S0GHOST', handle: 'ghosts', users: ['U0NEW'] });
    await slack.event(updated('S0GHOST'));
    expect(await allowed(NEWCOMER, 'broadcast as a ghost')).toBe(false);
    expect(slack.api.callsTo('usergroups.users.list').map((call) => call.params.usergroup)).not.toContain(
      'S0GHOST',
    );
  });

  it('only bound groups are read: S0OTHER, which no binding names, never is', async () => {
    await slack.run('status', MOD);
    const read = new Set(slack.api.callsTo('usergroups.users.list').map((call) => call.params.usergroup));
    expect([...read].sort()).toEqual(['S0MODS', 'S0VIEW']);
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
    shortLived = await startSlackTestApp(stack.runtime.core, {
      bindings: stack.config.bindings,
      usergroups: workspaceGroups(),
      usergroupCacheMs: 300,
    });
  });
  afterAll(async () => shortLived?.close());

  const unreachable = () => ({ status: 503, body: { ok: false } });
  const failedCalls = (method: string) =>
    shortLived.api.callsTo(method).filter((call) => call.status !== 200).length;

  it('a change is picked up after the cache lifetime without any event', async () => {
    expect(!messageText(await shortLived.run('broadcast no', VIEWER)).includes('Not allowed')).toBe(false);
    shortLived.api.usergroups.find((group) => group.id === 'S0MODS')?.users.push('U0VIEWER');
    await sleep(350);
    expect(messageText(await shortLived.run('broadcast yes', VIEWER))).not.toContain('Not allowed');
  });

  it('usergroups.list unreachable alone: @handle bindings give nothing, told why; id bindings still work', async () => {
    shortLived.api.usergroups.find((group) => group.id === 'S0VIEW')?.users.push(LURKER.userId);
    shortLived.api.answer('usergroups.list', unreachable);
    await sleep(350);
    const before = failedCalls('usergroups.list');
    const denial = messageText(await shortLived.run('status', LURKER));
    expect(denial).toContain(
      'Your groups could not be read: Slack answered HTTP 503; try again in a minute.',
    );
    // The client's bounded retry policy: four attempts, then the answer.
    expect(failedCalls('usergroups.list') - before).toBe(4);
    expect(messageText(await shortLived.run('broadcast by id', MOD))).not.toContain('Not allowed');
  });

  it('plan_upgrade_required (the plan has no user groups, so every user-group method says so): denied, told why', async () => {
    const noGroups = () => ({ body: { ok: false, error: 'plan_upgrade_required' } });
    shortLived.api.answer('usergroups.list', noGroups);
    shortLived.api.answer('usergroups.users.list', noGroups);
    await sleep(350);
    const denial = messageText(await shortLived.run('status', VIEWER));
    expect(denial).toContain(
      "Your groups could not be read: this Slack workspace's plan has no user groups; ask an admin to bind your user id instead.",
    );
    expect(shortLived.logs.join('\n')).toContain('bind users by id in chatops.yml');
  });

  it('Slack unreachable (HTTP 503 on every try of every method): denied, told to try again', async () => {
    shortLived.api.answer('usergroups.list', unreachable);
    shortLived.api.answer('usergroups.users.list', unreachable);
    await sleep(350);
    const before = failedCalls('usergroups.list');
    const denial = messageText(await shortLived.run('status', VIEWER));
    expect(denial).toContain(
      'Your groups could not be read: Slack answered HTTP 503; try again in a minute.',
    );
    expect(failedCalls('usergroups.list') - before).toBe(4);
  });

  it('no secret in any log line', () => {
    for (const line of [...slack.logs, ...shortLived.logs])
      for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});
