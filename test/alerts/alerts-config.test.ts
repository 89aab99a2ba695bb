import { describe, expect, it } from 'vitest';
import { parse, problemsOf } from '../config/fixtures.ts';

/** The `alerts` block of chatops.yml, validated at start-up like the rest of the file. */

const DOCUMENTED = `
alerts:
  capacities: { "1": 100 }
  probeInterval: 30s
  staleAfter: 120s
  rules:
    - name: lobby-busy
      roomUsers: 50
      margin: 5
      cooldown: 10m
      rooms: [1, "Help Desk"]
      channels: { slack: C0123456, discord: "112233445566778899" }
    - { name: lobby-full, roomPercent: 80, channels: { discord: 112233445566778899 } }
    - { name: crowd, loggedIn: 500, channels: { slack: C0123456 } }
    - { name: sockets, connections: 800, margin: 0, cooldown: 0s, channels: { slack: C0123456 } }
    - { name: server-down, serverDown: true, channels: { slack: C0123456 } }
`;

describe('a valid alerts block', () => {
  it('reads the documented example: durations in ms, default margins and cooldowns', () => {
    const { alerts } = parse(DOCUMENTED);
    expect(alerts.capacities).toEqual(new Map([[1, 100]]));
    expect(alerts.probeIntervalMs).toBe(30_000);
    expect(alerts.staleAfterMs).toBe(120_000);
    const both = { slack: 'C0123456', discord: '112233445566778899' };
    expect(alerts.rules).toEqual([
      {
        name: 'lobby-busy',
        condition: { kind: 'roomUsers', threshold: 50 },
        margin: 5,
        cooldownMs: 600_000,
        rooms: [1, 'Help Desk'],
        channels: both,
      },
      {
        name: 'lobby-full',
        condition: { kind: 'roomPercent', threshold: 80 },
        margin: 8,
        cooldownMs: 600_000,
        channels: { discord: '112233445566778899' },
      },
      {
        name: 'crowd',
        condition: { kind: 'loggedIn', threshold: 500 },
        margin: 50,
        cooldownMs: 600_000,
        channels: { slack: 'C0123456' },
      },
      {
        name: 'sockets',
        condition: { kind: 'connections', threshold: 800 },
        margin: 0,
        cooldownMs: 0,
        channels: { slack: 'C0123456' },
      },
      {
        name: 'server-down',
        condition: { kind: 'serverDown' },
        margin: 0,
        cooldownMs: 600_000,
        channels: { slack: 'C0123456' },
      },
    ]);
  });

  it('defaults to no rules, a 30 s probe and 120 s staleness; staleAfter can be turned off', () => {
    expect(parse('').alerts).toEqual({
      capacities: new Map(),
      probeIntervalMs: 30_000,
      staleAfterMs: 120_000,
      rules: [],
    });
    expect(parse('alerts: { staleAfter: off }').alerts.staleAfterMs).toBeUndefined();
  });

  it('a default margin never keeps a rule from clearing', () => {
    const rules = parse(`
alerts:
  rules:
    - { name: one, roomUsers: 1, channels: { slack: C0123456 } }
    - { name: two, roomUsers: 2, channels: { slack: C0123456 } }
    - { name: nineteen, roomUsers: 19, channels: { slack: C0123456 } }
`).alerts.rules;
    expect(rules.map((rule) => rule.margin)).toEqual([0, 1, 2]);
  });
});

describe('a bad alerts block is refused with every problem, by file, key and problem', () => {
  const rule = (fields: string) => `alerts:\n  rules:\n    - { name: r, ${fields} }\n`;
  const slack = 'channels: { slack: C0123456 }';

  it.each([
    [
      'no condition',
      rule(slack),
      'chatops.yml: alerts.rules[0]: a rule needs one condition: roomUsers, roomPercent, loggedIn, connections, serverDown',
    ],
    [
      'two conditions',
      rule(`roomUsers: 5, loggedIn: 9, ${slack}`),
      'chatops.yml: alerts.rules[0]: a rule has one condition, not 2 (roomUsers, loggedIn): make one rule of each',
    ],
    [
      'a misspelt condition, with the nearest key',
      rule(`roomUser: 5, ${slack}`),
      'chatops.yml: alerts.rules[0].roomUser: unknown key (did you mean "roomUsers"?)',
    ],
    [
      'a threshold that is not a whole number',
      rule(`loggedIn: 2.5, ${slack}`),
      'chatops.yml: alerts.rules[0].loggedIn: 2.5 is not a number of users (a whole number from 1)',
    ],
    [
      'a percentage over 100',
      rule(`roomPercent: 120, ${slack}`),
      'chatops.yml: alerts.rules[0].roomPercent: 120 is not a percentage (a number above 0, at most 100)',
    ],
    [
      'serverDown: false',
      rule(`serverDown: false, ${slack}`),
      'chatops.yml: alerts.rules[0].serverDown: false is not true (leave the key out otherwise)',
    ],
    [
      'a margin that would never let the rule clear',
      rule(`roomUsers: 5, margin: 5, ${slack}`),
      'chatops.yml: alerts.rules[0].margin: a margin of 5 would keep the rule from ever clearing: it must be below the threshold (5)',
    ],
    [
      'a margin on serverDown',
      rule(`serverDown: true, margin: 1, ${slack}`),
      'chatops.yml: alerts.rules[0].margin: margin applies to threshold rules, not to serverDown',
    ],
    [
      'rooms on a rule about the whole group',
      rule(`loggedIn: 5, rooms: [1], ${slack}`),
      'chatops.yml: alerts.rules[0].rooms: rooms applies to roomUsers and roomPercent rules, not to loggedIn',
    ],
    [
      'a room that is neither an id nor a name',
      rule(`roomUsers: 5, rooms: [1, 0], ${slack}`),
      'chatops.yml: alerts.rules[0].rooms[1]: 0 is not a room id (a whole number from 1) or a room name',
    ],
    [
      'a cooldown that is not a duration',
      rule(`roomUsers: 5, cooldown: soon, ${slack}`),
      'chatops.yml: alerts.rules[0].cooldown: "soon" is not a duration (expected e.g. 500ms, 90s, 30m, 2h, 1d or 2w)',
    ],
    [
      'no channel',
      rule('roomUsers: 5, channels: {}'),
      'chatops.yml: alerts.rules[0].channels: name at least one channel: slack, discord or both',
    ],
    [
      'a Slack channel name instead of its id',
      rule('roomUsers: 5, channels: { slack: "#ops" }'),
      'chatops.yml: alerts.rules[0].channels.slack: "#ops" is not a Slack channel id (e.g. C0123456, not the channel’s name)',
    ],
    [
      'a Discord channel that is not a snowflake',
      rule('roomUsers: 5, channels: { discord: general }'),
      'chatops.yml: alerts.rules[0].channels.discord: "general" is not a Discord channel id (its digits)',
    ],
    [
      'an unknown platform',
      rule('roomUsers: 5, channels: { teams: x }'),
      'chatops.yml: alerts.rules[0].channels.teams: unknown key',
    ],
    [
      'a rule name with a space',
      'alerts:\n  rules:\n    - { name: lobby busy, roomUsers: 5, channels: { slack: C0123456 } }\n',
      'chatops.yml: alerts.rules[0].name: "lobby busy" is not a rule name (a letter or digit, then letters, digits, "_", "." or "-")',
    ],
    [
      'a capacity for something that is not a room id',
      'alerts: { capacities: { lobby: 50 } }\n',
      'chatops.yml: alerts.capacities.lobby: "lobby" is not a room id (a whole number from 1)',
    ],
    [
      'a capacity of 0',
      'alerts: { capacities: { "2": 0 } }\n',
      'chatops.yml: alerts.capacities.2: 0 is not a capacity (a whole number from 1)',
    ],
    [
      'a probe interval of 0',
      'alerts: { probeInterval: 0s }\n',
      'chatops.yml: alerts.probeInterval: 0 is not a duration above 0 (e.g. 30s)',
    ],
    [
      'staleAfter neither a duration nor off',
      'alerts: { staleAfter: never }\n',
      'chatops.yml: alerts.staleAfter: "never" is not a duration above 0 (e.g. 120s), or off',
    ],
    [
      'a misspelt block key',
      'alerts: { rule: [] }\n',
      'chatops.yml: alerts.rule: unknown key (did you mean "rules"?)',
    ],
  ])('%s', (_name, yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it('a rule name used twice, whatever its case', () => {
    expect(
      problemsOf(`
alerts:
  rules:
    - { name: lobby-busy, roomUsers: 50, channels: { slack: C0123456 } }
    - { name: crowd, loggedIn: 50, channels: { slack: C0123456 } }
    - { name: Lobby-Busy, roomPercent: 90, channels: { slack: C0123456 } }
`),
    ).toEqual([
      'chatops.yml: alerts.rules[2].name: the rule name "Lobby-Busy" is already used by alerts.rules[0]',
    ]);
  });

  it('every problem at once, with the rest of the file’s', () => {
    expect(
      problemsOf(`
server: { prot: 1 }
alerts:
  probeInterval: fast
  rules:
    - { name: a, roomUsers: 0, channels: { slack: C0123456 } }
    - { name: b, serverDown: true }
`),
    ).toEqual([
      'chatops.yml: server.prot: unknown key (did you mean "port"?)',
      'chatops.yml: alerts.probeInterval: "fast" is not a duration (expected e.g. 500ms, 90s, 30m, 2h, 1d or 2w)',
      'chatops.yml: alerts.rules[0].roomUsers: 0 is not a number of users (a whole number from 1)',
      'chatops.yml: alerts.rules[1].channels: expected a mapping, got nothing',
    ]);
  });
});
