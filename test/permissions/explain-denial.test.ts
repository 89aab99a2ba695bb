import { describe, expect, it } from 'vitest';
import { createAccessPolicy } from '../../src/permissions/access-policy.ts';
import { explainDenial } from '../../src/permissions/explain-denial.ts';
import { EXAMPLE_YAML, PERMISSION_KEYS, parse } from '../config/fixtures.ts';

describe('explainDenial', () => {
  it('says which role the operation needs and which the caller has', () => {
    const decision = { allowed: false, heldRoles: ['moderator'], rolesThatWouldAllow: ['admin'] } as const;
    expect(explainDenial('room delete', decision)).toBe(
      'You may not run "room delete": it needs the role admin. Your roles: moderator.',
    );
  });

  it('lists several roles, held or needed', () => {
    const decision = {
      allowed: false,
      heldRoles: ['viewer', 'auditor'],
      rolesThatWouldAllow: ['a', 'b', 'c'],
    } as const;
    expect(explainDenial('broadcast', decision)).toBe(
      'You may not run "broadcast": it needs one of the roles a, b or c. Your roles: viewer, auditor.',
    );
    const two = {
      allowed: false,
      heldRoles: ['viewer'],
      rolesThatWouldAllow: ['moderator', 'admin'],
    } as const;
    expect(explainDenial('pm', two)).toBe(
      'You may not run "pm": it needs one of the roles moderator or admin. Your roles: viewer.',
    );
  });

  it('tells someone with no role how to get one', () => {
    const decision = { allowed: false, heldRoles: [], rolesThatWouldAllow: ['viewer', 'admin'] } as const;
    expect(explainDenial('status', decision)).toBe(
      'You may not run "status": it needs one of the roles viewer or admin. You have no role here; ask an admin to bind your user or one of your groups in chatops.yml.',
    );
  });

  it('says so when no role allows the operation at all', () => {
    const decision = { allowed: false, heldRoles: ['viewer'], rolesThatWouldAllow: [] } as const;
    expect(explainDenial('audit', decision)).toBe(
      'You may not run "audit": no role allows it. Your roles: viewer.',
    );
  });

  it('explains a real refusal from the policy', () => {
    const policy = createAccessPolicy(parse(EXAMPLE_YAML), PERMISSION_KEYS);
    const decision = policy.decide({ platform: 'slack', userId: 'U7', groupIds: ['S0MODS'] }, 'room.delete');
    if (decision.allowed) throw new Error('a moderator may not delete rooms');
    expect(explainDenial('room delete', decision)).toBe(
      'You may not run "room delete": it needs the role admin. Your roles: moderator.',
    );
  });
});
