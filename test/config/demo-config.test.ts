import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../src/config/demo-config.ts';
import { createAccessPolicy } from '../../src/permissions/access-policy.ts';
import { PERMISSION_KEYS } from './fixtures.ts';

describe('demoConfig', () => {
  const config = demoConfig({
    dataDir: './demo-data',
    dataApiUrl: 'http://127.0.0.1:40000',
    port: 40001,
    apiPassword: 'demo-password',
    baseDir: '/tmp/demo',
  });

  it('points at the demo server and keeps the other defaults', () => {
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 40001,
      group: 'default',
      dataDir: '/tmp/demo/demo-data',
      dataApiUrl: 'http://127.0.0.1:40000',
      timeoutMs: 5000,
      maxConcurrent: 8,
      statusSource: 'auto',
      pollInterval: 5000,
      apiPassword: 'demo-password',
    });
    expect(config.audit.path).toBe('/tmp/demo/audit.jsonl');
    expect(config.state.dir).toBe('/tmp/demo/state');
    expect(config.replies.announceChanges).toBe(true);
    expect(config.cooldowns.size).toBe(0);
  });

  it('resolves relative paths against the working directory by default', () => {
    expect(demoConfig({ dataDir: 'd', apiPassword: 'p' }).server.dataDir).toBe(resolve('d'));
  });

  it('makes the console admin, defines viewer and moderator, and binds no Slack or Discord user', () => {
    expect(config.roles).toEqual({
      viewer: { includes: [], allow: ['status', 'rooms', 'who', 'help'] },
      moderator: { includes: ['viewer'], allow: ['broadcast', 'pm', 'room.add', 'room.edit'] },
      admin: { includes: [], allow: ['*'] },
    });
    expect(config.bindings).toEqual({
      slack: { users: {}, usergroups: {}, teams: [] },
      discord: { users: {}, roles: {} },
      console: { role: 'admin' },
    });
    const policy = createAccessPolicy(config, PERMISSION_KEYS);
    expect(policy.permittedKeys({ platform: 'console', userId: 'me', groupIds: [] })).toEqual(
      PERMISSION_KEYS,
    );
    expect(policy.permittedKeys({ platform: 'slack', userId: 'U1', groupIds: [] })).toEqual([]);
  });
});
