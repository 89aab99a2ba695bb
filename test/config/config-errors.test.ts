import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { API_PASSWORD, ENV, OPERATION_NAMES, PERMISSION_KEYS, parse, problemsOf } from './fixtures.ts';

const ROLES = `
roles:
  viewer: { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm, room.add, room.edit] }
  admin: { allow: ["*"] }
`;

describe('the Data API as the status source without a Data API', () => {
  it('is refused, saying what to set', () => {
    expect(() => parse('server: { statusSource: dataApi, dataApiUrl: null }\n')).toThrow(
      /server\.statusSource is dataApi, but there is no Data API: set server\.dataApiUrl or FLASHCHAT_DATA_API_URL/,
    );
  });
});

describe('a bad configuration is refused with every problem, by file, key and problem', () => {
  it.each([
    [
      'an unknown operation, with the nearest one',
      'roles:\n  moderator: { allow: [broadcast, brodcast] }\n',
      'chatops.yml: roles.moderator.allow[1]: unknown operation "brodcast" (did you mean "broadcast"?)',
    ],
    [
      'a status source that is not one of files, dataApi, auto',
      'server: { statusSource: http }\n',
      'chatops.yml: server.statusSource: "http" is not a status source: files, dataApi or auto',
    ],
    [
      'a poll interval under 1 s',
      'server: { pollInterval: 200ms }\n',
      'chatops.yml: server.pollInterval: 200 is not a poll interval of 1 s or more',
    ],
    [
      'an include of an undefined role, with the nearest one',
      'roles:\n  viewer: { allow: [status] }\n  moderator: { includes: [viewr] }\n',
      'chatops.yml: roles.moderator.includes[0]: role "viewr" is not defined (did you mean "viewer"?)',
    ],
    [
      'a binding to an undefined role, with no suggestion when none is near',
      `${ROLES}bindings:\n  slack: { usergroups: { S0MODS: mods } }\n`,
      'chatops.yml: bindings.slack.usergroups.S0MODS: role "mods" is not defined',
    ],
    [
      'an include cycle',
      'roles:\n  a: { includes: [b] }\n  b: { includes: [a] }\n',
      'chatops.yml: roles: include cycle: a -> b -> a',
    ],
    [
      'a role that includes itself',
      'roles:\n  a: { includes: [a], allow: [status] }\n',
      'chatops.yml: roles: include cycle: a -> a',
    ],
    [
      'an unknown key, with the nearest one',
      'server: { prot: 1 }\n',
      'chatops.yml: server.prot: unknown key (did you mean "port"?)',
    ],
    ['an unknown key with none near', 'server: { colour: red }\n', 'chatops.yml: server.colour: unknown key'],
    ['an unknown key too short to guess at', 'server: { x: 1 }\n', 'chatops.yml: server.x: unknown key'],
    [
      'an unknown top-level key',
      'cooldown: { pm: 2s }\n',
      'chatops.yml: cooldown: unknown key (did you mean "cooldowns"?)',
    ],
    [
      'an unknown key inside a role',
      'roles:\n  viewer: { alow: [status] }\n',
      'chatops.yml: roles.viewer.alow: unknown key (did you mean "allow"?)',
    ],
    [
      'an unknown key in a binding',
      'bindings:\n  discord: { guild: ["1"] }\n',
      'chatops.yml: bindings.discord.guild: unknown key (did you mean "guilds"?)',
    ],
    [
      'a duration that is not one',
      'cooldowns: { broadcast: 10 sec }\n',
      'chatops.yml: cooldowns.broadcast: "10 sec" is not a duration (expected e.g. 500ms, 90s, 30m, 2h, 1d or 2w)',
    ],
    [
      'a cooldown for an unknown operation',
      'cooldowns: { brodcast: 10s }\n',
      'chatops.yml: cooldowns.brodcast: unknown operation "brodcast" (did you mean "broadcast"?)',
    ],
    [
      'a cooldown on a dotted key, quoted in the path',
      'cooldowns: { "room.ad": 1s }\n',
      'chatops.yml: cooldowns["room.ad"]: unknown operation "room.ad" (did you mean "room.add"?)',
    ],
    [
      'a pattern that matches no operation',
      'roles:\n  mod: { allow: ["rom.*"] }\n',
      'chatops.yml: roles.mod.allow[0]: unknown operation "rom.*" (did you mean "room.*"?)',
    ],
    [
      'a port that is not one',
      'server: { port: abc }\n',
      'chatops.yml: server.port: "abc" is not a port number (1-65535)',
    ],
    [
      'a port out of range',
      'server: { port: 70000 }\n',
      'chatops.yml: server.port: 70000 is not a port number (1-65535)',
    ],
    [
      'a role name with a space',
      'roles:\n  "Chat Mods": {}\n',
      'chatops.yml: roles["Chat Mods"]: "Chat Mods" is not a role name (a letter, then letters, digits, "_" or "-")',
    ],
    [
      'a bad item in a list of roles',
      `${ROLES}bindings:\n  slack: { users: { U1: [viewer, 3] } }\n`,
      'chatops.yml: bindings.slack.users.U1[1]: 3 is not a role name (a letter, then letters, digits, "_" or "-")',
    ],
    [
      'an undefined role in a list of roles',
      `${ROLES}bindings:\n  discord: { roles: { "Chat Admins": [viewer, admn] }, guilds: ["1"] }\n`,
      'chatops.yml: bindings.discord.roles["Chat Admins"][1]: role "admn" is not defined (did you mean "admin"?)',
    ],
    [
      'a console role that is not defined',
      `${ROLES}bindings:\n  console: { role: root }\n`,
      'chatops.yml: bindings.console.role: role "root" is not defined',
    ],
    [
      'a Discord role-name binding without bindings.discord.guilds, naming the key and asking for an id',
      `${ROLES}bindings:\n  discord: { roles: { "222": moderator, "Chat Admins": admin } }\n`,
      'chatops.yml: bindings.discord.roles["Chat Admins"]: "Chat Admins" is a role name, and a name binding is refused without bindings.discord.guilds: anyone who may create roles in any server the bot is in could make a role of that name. Bind the role by its id (Server Settings > Roles > right-click the role > Copy Role ID), or list the servers in bindings.discord.guilds.',
    ],
    [
      'a Slack user-group key that is neither an id nor an @handle',
      `${ROLES}bindings:\n  slack: { usergroups: { chat-mods: moderator } }\n`,
      'chatops.yml: bindings.slack.usergroups.chat-mods: "chat-mods" is neither a user-group id (S…, as in the group\'s link) nor an @handle.',
    ],
    [
      'a Slack team that is not a team or organization id',
      'bindings:\n  slack: { teams: [acme] }\n',
      'chatops.yml: bindings.slack.teams[0]: "acme" is not a Slack team id (T…) or organization id (E…)',
    ],
    [
      'a flag that is not true or false',
      'replies: { announceChanges: yes }\n',
      'chatops.yml: replies.announceChanges: "yes" is not true or false',
    ],
    [
      'a section that is not a mapping',
      'roles: [viewer]\n',
      'chatops.yml: roles: expected a mapping, got a list',
    ],
    ['a file that is a list', '- server\n', 'chatops.yml: expected a mapping, got a list'],
    [
      'a room id that is not a number',
      'rooms: { lobby: Lobby }\n',
      'chatops.yml: rooms.lobby: "lobby" is not a room id (a whole number from 1)',
    ],
    [
      'a Data API URL that is not http',
      'server: { dataApiUrl: "ftp://127.0.0.1" }\n',
      'chatops.yml: server.dataApiUrl: "ftp://127.0.0.1" is not an http:// or https:// URL',
    ],
    [
      'a YAML syntax error, by line and column',
      'server:\n  host: a\n  port: [1, 2\n',
      'chatops.yml: line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['a duplicate key', 'server: {}\nserver: {}\n', 'chatops.yml: line 2, column 1: Map keys must be unique'],
  ])('%s', (_label, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual([expected]);
  });

  it.each([
    [
      {},
      "environment: FLASHCHAT_API_PASSWORD is not set (the Server API password, auth-password in the server's server.xml)",
    ],
    [
      { FLASHCHAT_API_PASSWORD: '' },
      "environment: FLASHCHAT_API_PASSWORD is not set (the Server API password, auth-password in the server's server.xml)",
    ],
    [{ ...ENV, FLASHCHAT_PORT: 'abc' }, 'environment: FLASHCHAT_PORT: "abc" is not a port number (1-65535)'],
    [{ ...ENV, FLASHCHAT_PORT: '0' }, 'environment: FLASHCHAT_PORT: "0" is not a port number (1-65535)'],
    [
      { ...ENV, FLASHCHAT_TIMEOUT_MS: '1.5' },
      'environment: FLASHCHAT_TIMEOUT_MS: "1.5" is not a timeout in milliseconds (a whole number above 0)',
    ],
    [
      { ...ENV, FLASHCHAT_GROUP: '../etc' },
      'environment: FLASHCHAT_GROUP: "../etc" is not a group name (letters, digits, "_", "." and "-")',
    ],
    [
      { ...ENV, FLASHCHAT_DATA_API_URL: 'localhost:35555' },
      'environment: FLASHCHAT_DATA_API_URL: "localhost:35555" is not an http:// or https:// URL',
    ],
  ])('environment %j', (env, expected) => {
    expect(problemsOf('', env)).toEqual([expected]);
  });

  it('lists every problem of the file and the environment, one per line, file first', () => {
    const yaml = `
server: { colour: red, port: 0 }
roles:
  viewer: { allow: [status, stauts] }
  moderator: { includes: [viewr] }
cooldowns: { broadcast: 10 sec, brodcast: 1s }
bindings:
  slack: { usergroups: { S0MODS: mods } }
`;
    const expected = [
      'chatops.yml: server.port: 0 is not a port number (1-65535)',
      'chatops.yml: server.colour: unknown key',
      'chatops.yml: cooldowns.broadcast: "10 sec" is not a duration (expected e.g. 500ms, 90s, 30m, 2h, 1d or 2w)',
      'chatops.yml: roles.viewer.allow[1]: unknown operation "stauts" (did you mean "status"?)',
      'chatops.yml: roles.moderator.includes[0]: role "viewr" is not defined (did you mean "viewer"?)',
      'chatops.yml: bindings.slack.usergroups.S0MODS: role "mods" is not defined',
      'chatops.yml: cooldowns.brodcast: unknown operation "brodcast" (did you mean "broadcast"?)',
      'environment: FLASHCHAT_PORT: "abc" is not a port number (1-65535)',
      "environment: FLASHCHAT_API_PASSWORD is not set (the Server API password, auth-password in the server's server.xml)",
    ];
    let thrown: unknown;
    try {
      parse(yaml, { FLASHCHAT_PORT: 'abc' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual(expected);
    expect((thrown as ConfigError).message).toBe(expected.join('\n'));
  });

  it('checks the well-formed roles for references even when another role is malformed', () => {
    const yaml =
      'roles:\n  viewer: { allow: [stauts] }\n  broken: { allow: [status], extra: 1 }\n  user: { includes: [broken] }\n';
    expect(problemsOf(yaml)).toEqual([
      'chatops.yml: roles.broken.extra: unknown key',
      'chatops.yml: roles.viewer.allow[0]: unknown operation "stauts" (did you mean "status"?)',
    ]);
  });

  it('reports every include cycle', () => {
    const yaml = 'roles:\n  a: { includes: [b] }\n  b: { includes: [c] }\n  c: { includes: [a, b] }\n';
    expect(problemsOf(yaml)).toEqual([
      'chatops.yml: roles: include cycle: a -> b -> c -> a',
      'chatops.yml: roles: include cycle: b -> c -> b',
    ]);
  });

  it('reports every YAML syntax error, and nothing after them', () => {
    expect(problemsOf('server: a: b\nroles: [\n')).toEqual([
      'chatops.yml: line 1, column 9: Nested mappings are not allowed in compact mappings',
      'chatops.yml: line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('names the file as the caller gave it', () => {
    const options = {
      fileName: '/etc/chatops/prod.yml',
      env: ENV,
      permissionKeys: PERMISSION_KEYS,
      operationNames: OPERATION_NAMES,
    };
    expect(() => parseConfig('server: { prot: 1 }\n', options)).toThrow(
      '/etc/chatops/prod.yml: server.prot: unknown key (did you mean "port"?)',
    );
  });

  it('never shows the API password, wherever it turns up', () => {
    const yaml = `
server: { port: "${API_PASSWORD}", host: 1, ${API_PASSWORD}: 1 }
cooldowns: { pm: "${API_PASSWORD}", ${API_PASSWORD}: 1s }
roles:
  "${API_PASSWORD}": {}
  viewer: { allow: ["${API_PASSWORD}"], includes: ["${API_PASSWORD}x"] }
rooms: { "${API_PASSWORD}": "${API_PASSWORD}" }
`;
    const problems = problemsOf(yaml, {
      ...ENV,
      FLASHCHAT_PORT: API_PASSWORD,
      FLASHCHAT_GROUP: `../${API_PASSWORD}`,
    });
    expect(problems.length).toBeGreaterThanOrEqual(10);
    for (const line of problems) expect(line).not.toContain(API_PASSWORD);
    expect(problems).toContain('environment: FLASHCHAT_PORT: "[redacted]" is not a port number (1-65535)');
  });
});
