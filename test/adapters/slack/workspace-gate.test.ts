import { describe, expect, it } from 'vitest';
import { ownWorkspaceFrom, WorkspaceGate } from '../../../adapters/slack/workspace-gate.ts';

/** The rule itself, body by body; workspace-pinning.test.ts drives it through the real Bolt app. */

function gate(own: Parameters<WorkspaceGate['pin']>[0], extra: string[] = []): WorkspaceGate {
  const built = new WorkspaceGate(extra);
  built.pin(own);
  return built;
}

const served = (g: WorkspaceGate, body: unknown) => g.check(body).served;

describe('which requests the workspace gate lets through', () => {
  it('nothing before the bot knows its own workspace', () => {
    expect(new WorkspaceGate(['T1']).check({ team_id: 'T1' })).toMatchObject({
      served: false,
      reason: 'the bot has not learnt its own workspace yet',
    });
  });

  it('a request naming no team and no organization (or only empty ones) is refused', () => {
    const own = gate({ teamId: 'T1', isEnterpriseInstall: false });
    expect(own.check({ command: '/chat' })).toMatchObject({
      served: false,
      reason: 'the request does not say which workspace it is from',
    });
    expect(served(own, { team_id: '', enterprise_id: null })).toBe(false);
    expect(served(own, 'not an object')).toBe(false);
  });

  it('its own team; not another, nor a request naming its own and another', () => {
    const own = gate({ teamId: 'T1', isEnterpriseInstall: false });
    expect(served(own, { team_id: 'T1' })).toBe(true);
    expect(served(own, { team: { id: 'T1' }, user: { team_id: 'T1' } })).toBe(true);
    expect(served(own, { team_id: 'T2' })).toBe(false);
    expect(served(own, { team: { id: 'T1' }, user: { team_id: 'T2' } })).toBe(false);
    expect(served(own, { team_id: 'T1', authorizations: [{ team_id: 'T2' }] })).toBe(false);
  });

  it('one workspace of an organization: the organization does not vouch for its other workspaces', () => {
    const own = gate({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: false });
    expect(served(own, { team_id: 'T1', enterprise_id: 'E1' })).toBe(true);
    expect(served(own, { team_id: 'T2', enterprise_id: 'E1' })).toBe(false);
    expect(served(own, { enterprise_id: 'E1' })).toBe(false);
  });

  it('an org-wide install: every workspace of its organization, and no other organization', () => {
    const own = gate({ enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(served(own, { team_id: 'T9', enterprise_id: 'E1' })).toBe(true);
    expect(served(own, { enterprise: { id: 'E1' }, team: null, user: { team_id: 'T9' } })).toBe(true);
    expect(served(own, { authorizations: [{ team_id: null, enterprise_id: 'E1' }] })).toBe(true);
    expect(served(own, { team_id: 'T9', enterprise_id: 'E2' })).toBe(false);
    expect(
      served(own, { team_id: 'T9', enterprise_id: 'E1', authorizations: [{ enterprise_id: 'E2' }] }),
    ).toBe(false);
  });

  it('teams and organizations listed in bindings.slack.teams', () => {
    const own = gate({ teamId: 'T1', isEnterpriseInstall: false }, ['T0EXTRA', 'E0PARTNER']);
    expect(served(own, { team_id: 'T0EXTRA' })).toBe(true);
    expect(served(own, { team_id: 'T0ANY', enterprise_id: 'E0PARTNER' })).toBe(true);
    expect(served(own, { team_id: 'T0ANY' })).toBe(false);
    expect(own.describe()).toBe('team T1, and T0EXTRA, E0PARTNER (bindings.slack.teams)');
  });
});

describe("auth.test's answer", () => {
  it('names the team, the organization and whether the install is org-wide', () => {
    expect(ownWorkspaceFrom({ ok: true, team_id: 'T1' })).toEqual({
      teamId: 'T1',
      isEnterpriseInstall: false,
    });
    expect(ownWorkspaceFrom({ team_id: '', enterprise_id: 'E1', is_enterprise_install: true })).toEqual({
      enterpriseId: 'E1',
      isEnterpriseInstall: true,
    });
  });

  it('naming no workspace it could serve is undefined', () => {
    expect(ownWorkspaceFrom({ ok: true, team_id: '' })).toBeUndefined();
    expect(ownWorkspaceFrom({ enterprise_id: 'E1', is_enterprise_install: false })).toBeUndefined();
    expect(ownWorkspaceFrom(undefined)).toBeUndefined();
  });
});
