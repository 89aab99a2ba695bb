import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

let stack: Stack;

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    stack = await startStack(
      `${ADMIN_CONFIG}\nreplies: { announceChanges: false }\n`,
      [{ id: 1, name: 'Arena', max: 20_000 }],
      undefined,
      undefined,
      source,
    );
    for (let index = 0; index < 10_000; index += 1)
      stack.emulator.state.join('default', 1, `user${String(index).padStart(5, '0')}`);
    await stack.emulator.statusFilesWritten();
  });
  afterAll(async () => stack?.close());

  describe('replies', () => {
    it('a 10,000-user roster: the first page, the count, and the whole list written as an attachment', async () => {
      const out = await stack.console(['who Arena']);
      expect(out).toContain(
        'Who is in Arena (1)\n  Users  10000/20000\n  Users in Arena (1):\n    user00000\n',
      );
      expect(out).toContain('    user00049\n    … and 9950 more\n');
      const path = /Full list: (.+)\n/.exec(out)?.[1] ?? '';
      const names = (await readFile(path, 'utf8')).trimEnd().split('\n');
      expect(names).toHaveLength(10_000);
      expect(names[9_999]).toBe('user09999');
    });

    it('read-only answers are private; with announceChanges off, changes are private too', async () => {
      const core = stack.runtime.core;
      const meta = {
        identity: { platform: 'slack' as const, userId: 'U0ADMIN', groupIds: [] },
        channel: 'C1',
      };
      expect((await core.handleLine('status', meta)).visibility).toBe('private');
      const broadcast = await core.handleLine('broadcast hello', meta);
      expect(broadcast.title).toBe('Broadcast sent');
      expect(broadcast.visibility).toBe('private');
    });
  });
});
