import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainLines } from '../helpers/audit-chain.ts';
import { ADMIN_CONFIG, API_PASSWORD, type Stack, startStack } from './harness.ts';

const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
  { id: 3, name: 'Twin', max: 5 },
  { id: 4, name: 'twin', max: 5 },
  { id: 9, name: 'Attic', max: 2 },
];

let stack: Stack;

const lastCommand = () => stack.emulator.acceptedCommands.at(-1);

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    stack = await startStack(
      `${ADMIN_CONFIG}\ncooldowns: { broadcast: 10s }\n`,
      ROOMS,
      undefined,
      undefined,
      source,
    );
    for (const user of ['zed', 'Alice', 'bob', 'Émile', 'carl'])
      stack.emulator.state.join('default', 1, user);
    await stack.emulator.statusFilesWritten();
  });
  afterAll(async () => stack?.close());

  describe('every operation through the console adapter against the emulator', () => {
    it('status: the numbers of online.txt', async () => {
      const counts = stack.emulator.state.counts('default');
      const out = await stack.console(['/chat status']);
      expect(out).toContain('Chat server status (group default)');
      expect(out).toMatch(new RegExp(`Connections\\s+${counts.connections}\\n`));
      expect(out).toMatch(new RegExp(`Logged in\\s+${counts.loggedIn}\\n`));
      expect(out).toMatch(new RegExp(`Rooms\\s+${counts.rooms}\\n`));
    });

    it('rooms: id, name and users against capacity', async () => {
      const out = await stack.console(['rooms']);
      expect(out).toContain('1 · Lobby · 5/100');
      expect(out).toContain('2 · Music · 0/50');
      expect(out).toContain('9 · Attic · 0/2');
    });

    it('who: by name or id, names sorted case-insensitively', async () => {
      const out = await stack.console(['/chat who lobby', '/chat who #1']);
      const expected =
        'Who is in Lobby (1)\n  Users  5/100\n  Users in Lobby (1):\n    Alice\n    bob\n    carl\n    Émile\n    zed\n';
      expect(out).toBe(expected + expected);
    });

    it('who: an unknown room answers with the closest names, an ambiguous one with the ids', async () => {
      const out = await stack.console(['who Lobyy', 'who twin']);
      expect(out).toContain('There is no room called "Lobyy". Did you mean "Lobby" (1)?');
      expect(out).toContain(
        '2 rooms are called "twin": "Twin" (3) and "twin" (4). Name the room by its id instead, e.g. #3.',
      );
      expect(out).toContain('Usage: /chat who <room>');
    });

    it('broadcast: the message reaches the server as typed, and a cooldown follows', async () => {
      const out = await stack.console([
        `broadcast  Tonight: <b>quiz</b> & "prizes" at 20:00, don't be late`,
        'broadcast again',
      ]);
      expect(lastCommand()).toMatchObject({
        type: 'broadcast',
        params: { userid: 'Tess', msg: `Tonight: <b>quiz</b> & "prizes" at 20:00, don't be late` },
      });
      expect(out).toContain('✔ Broadcast sent');
      expect(out).toMatch(/Please wait\n {2}You ran \/chat broadcast moments ago\. Try again in (9|10) s\./);
      expect(stack.emulator.acceptedCommands.filter((command) => command.type === 'broadcast')).toHaveLength(
        1,
      );
    });

    it('pm: options mapped to the wire, and the emulator refusing an offline user', async () => {
      const out = await stack.console([
        'pm Alice bold=on italic=no color=#ff0000 emoticon=e7 as=Staff Please keep it friendly',
        'pm nobody hi',
      ]);
      expect(
        stack.emulator.acceptedCommands.filter((command) => command.type === 'private_message').at(-1)
          ?.params,
      ).toEqual({
        dest_uid: 'Alice',
        msg: 'Please keep it friendly',
        emotion: 'e7',
        owner_uid: 'Staff',
        owner_nick: 'Staff',
        b: '1',
        i: '0',
        color: '0xFF0000',
      });
      expect(out).toContain('Private message sent to Alice');
      expect(out).toMatch(
        /✖ \/chat pm failed\n {2}The chat server refused private_message: .* \(code -10\)\./,
      );
    });

    it("room add: the issue's full example, human option names mapped to the wire names", async () => {
      const out = await stack.console([
        '/chat room add "Test Room" max=200 owner=aaa desc="room for test" password=secret guests=off moderated=on open=on display=text welcome="Hi" audio=on video=off whiteboard=on hours="day2 00:00-10:00"',
      ]);
      const added = lastCommand();
      expect(added?.type).toBe('add_room');
      expect(added?.params).toEqual({
        name: 'Test Room',
        owner: 'aaa',
        desc: 'room for test',
        max: '200',
        member: 'false',
        pwd: 'secret',
        passallmessage: 'true',
        en: 'true',
        st: '0',
        wm: 'Hi',
        audio: 'true',
        video: 'false',
        wb: 'true',
      });
      expect(added?.schedule).toEqual([{ o: 'day2', s: '00:00:00', e: '10:00:00' }]);
      expect(out).toContain(`✔ Room added: Test Room (${added?.result})`);
      expect(out).toMatch(/password\s+\(set\)\n/);
      expect(out).not.toContain('secret');
    });

    it('room edit: by name, renamed, and the new name known at once', async () => {
      const out = await stack.console(['room edit Music name="Music & Chill" max=60', 'who "music & chill"']);
      expect(lastCommand()).toMatchObject({
        type: 'edit_room',
        params: { roomid: '2', name: 'Music & Chill', max: '60' },
      });
      expect(out).toContain('✔ Room changed: Music & Chill (2)');
      expect(out).toContain('Who is in Music & Chill (2)\n  Nobody is in this room.\n  Users  0/60\n');
    });

    it('room edit: invalid values and an unknown id refused with reasons', async () => {
      const before = stack.emulator.acceptedCommands.length;
      const out = await stack.console(['room edit 2 max=lots', 'room edit 2', 'room edit 777 max=3']);
      expect(out).toContain(
        '✖ Cannot run /chat room edit\n  Max must be a whole number.\n  Usage: /chat room edit <room> [option=value …]',
      );
      expect(out).toContain('Nothing to change: give at least one option, e.g. max=300.');
      expect(out).toMatch(
        /✖ \/chat room edit failed\n {2}The chat server refused edit_room: .* \(code -7\)\./,
      );
      expect(stack.emulator.acceptedCommands.length).toBe(before);
    });

    it('room delete: asks first; "no" keeps the room, "yes" deletes it', async () => {
      const out = await stack.console(['room delete Attic', 'no', 'room delete Attic', 'yes']);
      expect(out).toContain(
        '! Confirm: /chat room delete\n  Delete room "Attic" (9)? Everyone in it leaves the room. Answer within 60 s.',
      );
      expect(out).toContain('Cancelled: nothing was changed.');
      expect(out).toContain('✔ Room deleted: Attic (9)');
      expect(stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room')).toHaveLength(
        1,
      );
      expect(stack.emulator.state.room('default', 9)).toBeUndefined();
    });

    it('group stop and start: confirmed, then the emulator refuses a broadcast until started', async () => {
      const out = await stack.console(['group stop', 'yes', 'pm Alice hello?', 'group start']);
      expect(out).toContain('✔ Group default stopped');
      expect(out).toMatch(/The chat server refused private_message: .* \(code -9\)\./);
      expect(out).toContain('✔ Group default started');
      expect(stack.emulator.state.isRunning('default')).toBe(true);
    });

    it('help: everything for an admin, and the options of one operation', async () => {
      const out = await stack.console(['help', 'help room add', 'help room']);
      for (const usage of [
        '/chat status',
        '/chat who <room>',
        '/chat room delete <room>',
        '/chat group stop [group]',
        '/chat audit [count]',
      ]) {
        expect(out).toContain(usage);
      }
      expect(out).toContain('hours="day2 00:00-10:00"  Opening hours');
      expect(out).toContain('Did you mean: room add, room edit, room delete?');
    });

    it('audit: the last entries, newest last', async () => {
      const out = await stack.console(['audit 2']);
      expect(out).toContain('Audit log: last 2 entries');
      expect(out).toMatch(/console · Tess \(tester\) · help · allowed\/ok\n/);
    });

    it('bad input never reaches the server and never crashes the console', async () => {
      const before = stack.emulator.acceptedCommands.length;
      const out = await stack.console([
        'room add "unterminated',
        'room add X maxx=3',
        'stauts',
        'pm',
        'who',
        'broadcast nul \u0000 byte',
        'status',
      ]);
      expect(out).toContain('The quote " at position 10 is never closed.');
      expect(out).toContain('Unknown option "maxx" (did you mean "max"?)');
      expect(out).toContain('Unknown operation "stauts" (did you mean "status"?)');
      expect(out).toContain('Missing <user> and <message>.');
      expect(out).toContain('Chat server status');
      expect(stack.emulator.acceptedCommands.length).toBe(before);
    });

    it('the audit chain has one entry per attempt and never the API password or a room password', async () => {
      // Once the entries still being written are in.
      const lines = await auditChainLines(stack.runtime);
      const text = lines.join('\n');
      expect(lines.length).toBeGreaterThan(30);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(text).not.toContain(API_PASSWORD);
      expect(text).not.toContain('secret');
      const decisions = new Set(lines.map((line) => (JSON.parse(line) as { decision: string }).decision));
      expect([...decisions].sort()).toEqual([
        'allowed',
        'cancelled',
        'confirmation_requested',
        'confirmed',
        'cooldown',
        'invalid',
      ]);
    });
  });
});
