import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { API_PASSWORD, ENV, EXAMPLE_YAML, OPERATION_NAMES, PERMISSION_KEYS, parse } from './fixtures.ts';

describe('a valid configuration', () => {
  it('reads the documented example, with durations in milliseconds and room ids as numbers', () => {
    const config = parse(EXAMPLE_YAML);
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 51127,
      group: 'default',
      dataDir: resolve('data'),
      dataApiUrl: 'http://127.0.0.1:35555',
      timeoutMs: 5000,
      maxConcurrent: 8,
      statusSource: 'auto',
      pollInterval: 5000,
      apiPassword: API_PASSWORD,
    });
    expect(config.rooms).toEqual(
      new Map([
        [1, 'Lobby'],
        [2, 'Music'],
      ]),
    );
    expect(config.roles).toEqual({
      viewer: { includes: [], allow: ['status', 'rooms', 'who', 'help'] },
      moderator: { includes: ['viewer'], allow: ['broadcast', 'pm', 'room.add', 'room.edit'] },
      admin: { includes: [], allow: ['*'] },
    });
    expect(config.bindings).toEqual({
      slack: {
        users: { U0ADMIN: 'admin' },
        usergroups: { S0MODS: 'moderator', '@chat-mods': 'moderator' },
        teams: [],
      },
      discord: {
        users: { '111': 'admin' },
        roles: { '222': 'moderator', 'Chat Admins': 'admin' },
        guilds: ['123456'],
      },
      console: { role: 'admin' },
    });
    expect(config.cooldowns).toEqual(
      new Map([
        ['broadcast', 10_000],
        ['pm', 2_000],
      ]),
    );
    expect(config.replies).toEqual({ announceChanges: true });
  });

  it('defaults everything but the password, and grants nothing, for an empty file', () => {
    for (const empty of ['', '# nothing here yet\n', '{}\n']) {
      const config = parse(empty);
      expect(config.server).toEqual({
        host: '127.0.0.1',
        port: 51127,
        group: 'default',
        dataDir: resolve('data'),
        dataApiUrl: 'http://127.0.0.1:35555',
        timeoutMs: 5000,
        maxConcurrent: 8,
        statusSource: 'auto',
        pollInterval: 5000,
        apiPassword: API_PASSWORD,
      });
      expect(config.rooms.size).toBe(0);
      expect(config.roles).toEqual({});
      expect(config.bindings).toEqual({
        slack: { users: {}, usergroups: {}, teams: [] },
        discord: { users: {}, roles: {} },
      });
      expect(config.cooldowns.size).toBe(0);
      expect(config.audit.path).toBe(resolve('audit.jsonl'));
      expect(config.state.dir).toBe(resolve('state'));
      expect(config.replies.announceChanges).toBe(true);
    }
  });

  it('keeps the defaults of a block it only partly sets', () => {
    const config = parse(
      'server: { port: 6000 }\nreplies: { announceChanges: false }\nroles: { viewer: {} }\n',
    );
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 6000, group: 'default', timeoutMs: 5000 });
    expect(config.replies.announceChanges).toBe(false);
    expect(config.roles).toEqual({ viewer: { includes: [], allow: [] } });
  });

  it('takes null as "no Data API"', () => {
    expect(parse('server: { dataApiUrl: null }\n').server.dataApiUrl).toBeNull();
  });

  it("resolves relative paths against the config file's folder and keeps absolute ones", () => {
    const yaml =
      'server: { dataDir: ../chat/data }\naudit: { path: logs/audit.jsonl }\nstate: { dir: /var/lib/chatops }\n';
    const config = parseConfig(yaml, {
      fileName: '/srv/chatops/chatops.yml',
      env: ENV,
      permissionKeys: PERMISSION_KEYS,
      operationNames: OPERATION_NAMES,
    });
    expect(config.server.dataDir).toBe('/srv/chat/data');
    expect(config.audit.path).toBe('/srv/chatops/logs/audit.jsonl');
    expect(config.state.dir).toBe('/var/lib/chatops');
  });

  it('lets the environment override the server block, and only what it sets', () => {
    const env = {
      ...ENV,
      FLASHCHAT_HOST: 'chat.example.org',
      FLASHCHAT_PORT: '6001',
      FLASHCHAT_GROUP: 'vip',
      FLASHCHAT_DATA_DIR: 'var/chat',
      FLASHCHAT_DATA_API_URL: 'https://chat.example.org:35555',
      FLASHCHAT_TIMEOUT_MS: '250',
    };
    const config = parse('server: { host: 10.0.0.1, port: 5000, maxConcurrent: 3 }\n', env);
    expect(config.server).toEqual({
      host: 'chat.example.org',
      port: 6001,
      group: 'vip',
      // A variable's relative path is taken from where the process runs, not from the file's folder.
      dataDir: resolve('var/chat'),
      dataApiUrl: 'https://chat.example.org:35555',
      timeoutMs: 250,
      maxConcurrent: 3,
      statusSource: 'auto',
      pollInterval: 5000,
      apiPassword: API_PASSWORD,
    });
  });

  it('takes an empty variable as unset', () => {
    const config = parse('server: { port: 5000 }\n', { ...ENV, FLASHCHAT_PORT: '', FLASHCHAT_HOST: '' });
    expect(config.server.port).toBe(5000);
    expect(config.server.host).toBe('127.0.0.1');
  });

  it('reads durations written every documented way', () => {
    const yaml =
      'cooldowns: { pm: 500ms, broadcast: 10s, room.add: 2m, room.edit: 1h, who: 3, rooms: 0.25, status: "7" }\n';
    expect(Object.fromEntries(parse(yaml).cooldowns)).toEqual({
      pm: 500,
      broadcast: 10_000,
      'room.add': 120_000,
      'room.edit': 3_600_000,
      who: 3_000,
      rooms: 250,
      status: 7_000,
    });
  });

  it('takes a binding to one role or to a list of roles', () => {
    const yaml = `
roles: { viewer: {}, moderator: {} }
bindings:
  slack: { users: { U1: viewer, U2: [viewer, moderator] } }
  console: { role: [viewer, moderator] }
`;
    const { bindings } = parse(yaml);
    expect(bindings.slack.users).toEqual({ U1: 'viewer', U2: ['viewer', 'moderator'] });
    expect(bindings.console).toEqual({ role: ['viewer', 'moderator'] });
  });

  it('keeps every digit of a Discord id written without quotes', () => {
    const yaml = `
roles: { admin: { allow: ["*"] } }
bindings:
  discord: { users: { 1234567890123456789: admin }, guilds: [9876543210987654321, 42] }
`;
    const { bindings } = parse(yaml);
    expect(Object.keys(bindings.discord.users)).toEqual(['1234567890123456789']);
    expect(bindings.discord.guilds).toEqual(['9876543210987654321', '42']);
  });
});
