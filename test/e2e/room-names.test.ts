import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

/** Moderators type room names as they see them, spaces and all. */
let stack: Stack;

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    stack = await startStack(
      ADMIN_CONFIG,
      [
        { id: 3, name: 'Help Desk', max: 20 },
        { id: 4, name: 'Quiz Night', max: 20 },
      ],
      undefined,
      undefined,
      source,
    );
    stack.emulator.state.join('default', 3, 'hana');
    await stack.emulator.statusFilesWritten();
  });
  afterAll(async () => stack?.close());

  describe('room names with spaces, unquoted', () => {
    it('/chat who Help Desk shows that room', async () => {
      const out = await stack.console(['/chat who Help Desk']);
      expect(out).toContain('Who is in Help Desk (3)');
      expect(out).toContain('hana');
    });

    it('/chat room delete Quiz Night asks about that room, and deletes it once confirmed', async () => {
      const out = await stack.console(['/chat room delete Quiz Night', 'yes']);
      expect(out).toContain('Quiz Night');
      expect(
        stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room').at(-1)?.params,
      ).toMatchObject({
        room_id: '4',
      });
    });

    it('a name that is no room gets the nearest names', async () => {
      const out = await stack.console(['/chat who Help Dsk']);
      expect(out).toContain('There is no room called "Help Dsk"');
      expect(out).toContain('Help Desk');
    });
  });

  describe('/chat stats with a room name with spaces, unquoted', () => {
    it('takes every word of a known name, with or without a period', async () => {
      const out = await stack.console(['/chat stats Help Desk', '/chat stats help desk 1h']);
      expect(out).toContain('Occupancy: Help Desk (3), last 24 hours');
      expect(out).toContain('Occupancy: Help Desk (3), last 1 hour');
      expect(out).not.toContain('Cannot run');
    });

    it('still takes no room, one word, or a period alone', async () => {
      const out = await stack.console(['/chat stats', '/chat stats 7d', '/chat stats Attic']);
      expect(out).toContain('Occupancy: Logged-in users (group default), last 24 hours');
      expect(out).toContain('Occupancy: Logged-in users (group default), last 7 days');
      expect(out).toContain('Occupancy: Attic (9), last 24 hours');
      expect(out).not.toContain('Cannot run');
    });

    it('refuses a bad period after a known room with the usage line, and names the nearest rooms for an unknown one', async () => {
      const out = await stack.console(['/chat stats Help Desk 1x', '/chat stats Help Dsk']);
      expect(out).toContain(
        'Period must be a duration such as 1h, 24h or 7d (500ms, 90s, 30m, 2h, 1d or 2w), from 10m to 366d.\n  Usage: /chat stats [room] [period]',
      );
      expect(out).toContain('There is no room called "Help Dsk"');
      expect(out).toContain('Help Desk');
      expect(out).not.toContain('Occupancy:');
    });
  });

  describe('adding a room whose name exists', () => {
    it('asks first, naming the room that has it; cancelled, nothing is added', async () => {
      const before = stack.emulator.acceptedCommands.length;
      const out = await stack.console(['/chat room add help desk', 'no']);
      expect(out).toContain(
        'A room called "Help Desk" already exists (id 3). Add another room of the same name?',
      );
      expect(stack.emulator.acceptedCommands.length).toBe(before);
    });

    it('confirmed, the second room is added', async () => {
      const out = await stack.console(['/chat room add Help Desk', 'yes']);
      expect(out).toContain('Room added: Help Desk');
      expect(stack.emulator.acceptedCommands.at(-1)).toMatchObject({
        type: 'add_room',
        params: { name: 'Help Desk' },
      });
    });

    it('a new name is added without a question', async () => {
      const out = await stack.console(['/chat room add Garden']);
      expect(out).not.toContain('Confirm');
      expect(out).toContain('Room added: Garden');
    });
  });
});
