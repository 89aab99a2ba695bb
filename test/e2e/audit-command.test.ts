import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Identity } from '../../src/permissions/identity.ts';
import { auditChainLines } from '../helpers/audit-chain.ts';
import { type Stack, startStack } from './harness.ts';

/**
 * `/chat audit` with its filters and `/chat audit export`, through the command path and the
 * console adapter, over the audit chain in the state store. The command clock is pinned: entries
 * are made at known times and `since=` counts back from a known now.
 */

const CONFIG = `
rooms: { "9": Attic }
roles:
  auditor: { allow: [audit] }
  admin:   { allow: ["*"] }
bindings:
  console: { role: admin }
  slack: { users: { U0ALICE: admin, U0BOB: admin, U0AUD: auditor } }
`;

const T0 = Date.parse('2030-03-01T08:00:00Z');
const HOUR = 3_600_000;
const USAGE = 'Usage: /chat audit [count] [option=value …]';

const slackUser = (userId: string, userName: string): RequestMeta => ({
  identity: { platform: 'slack', userId, userName, workspace: 'T0001', groupIds: [] } satisfies Identity,
  channel: 'C0001',
});
const ALICE = slackUser('U0ALICE', 'Alice');
const BOB = slackUser('U0BOB', 'Bob');
const AUDITOR = slackUser('U0AUD', 'Audrey');

let stack: Stack;
let now = T0;

beforeAll(async () => {
  stack = await startStack(CONFIG, [{ id: 9, name: 'Attic', max: 2 }], undefined, () => now);
  // At 08:00 Alice looks; at 09:00 Bob gets a room wrong; at 10:00 Alice edits one; the console
  // (Tess) runs the audit commands from 11:00 on.
  await stack.runtime.core.handleLine('status', ALICE);
  now = T0 + HOUR;
  await stack.runtime.core.handleLine('room delete Nowhere', BOB);
  now = T0 + 2 * HOUR;
  await stack.runtime.core.handleLine('room edit Attic max=30', ALICE);
  now = T0 + 3 * HOUR;
}, 30_000);
afterAll(async () => {
  await stack?.close();
});

/** The entries an answer lists, as `user · operation · decision/outcome`. */
function listed(out: string): string[] {
  return [...out.matchAll(/^ {4}\S+ · \S+ · (.+?) · (\S+) · (\S+?)(?: · .*)?$/gm)].map(
    ([, who, operation, result]) => `${who} · ${operation} · ${result}`,
  );
}

describe('/chat audit filters', () => {
  it('user=: by id or by name in any case', async () => {
    const out = await stack.console(['audit user=alice', 'audit user=U0BOB']);
    expect(out).toContain('Audit log: last 2 entries matching user=alice');
    expect(out).toContain('Audit log: last 1 entries matching user=U0BOB');
    expect(listed(out)).toEqual([
      'Alice (U0ALICE) · status · allowed/ok',
      'Alice (U0ALICE) · room.edit · allowed/ok',
      'Bob (U0BOB) · room.delete · invalid/not_run',
    ]);
  });

  it('op=: one operation or a family; outcome=; several together', async () => {
    const out = await stack.console([
      'audit op=room.edit',
      'audit op=room.*',
      'audit outcome=not_run user=bob',
    ]);
    expect(listed(out)).toEqual([
      'Alice (U0ALICE) · room.edit · allowed/ok',
      'Bob (U0BOB) · room.delete · invalid/not_run',
      'Alice (U0ALICE) · room.edit · allowed/ok',
      'Bob (U0BOB) · room.delete · invalid/not_run',
    ]);
    expect(out).toContain('Audit log: last 1 entries matching user=bob outcome=not_run');
  });

  it('since=: a duration back from now, or a date and time (UTC unless an offset is given)', async () => {
    const out = await stack.console([
      'audit since=90m user=alice',
      'audit since=2030-03-01T09:00Z op=room.*',
      'audit since=2030-03-01T11:30+02:00 user=alice',
      'audit since=2030-03-02',
    ]);
    expect(listed(out)).toEqual([
      'Alice (U0ALICE) · room.edit · allowed/ok',
      'Bob (U0BOB) · room.delete · invalid/not_run',
      'Alice (U0ALICE) · room.edit · allowed/ok',
      // 11:30+02:00 is 09:30 UTC: Alice's edit at 10:00.
      'Alice (U0ALICE) · room.edit · allowed/ok',
    ]);
    expect(out).toContain('Audit log: last 0 entries matching since=2030-03-02');
    expect(out).toContain('No entries match since=2030-03-02.');
  });

  it('refuses a value that is not a filter, with what was wrong and the usage line, and audits it', async () => {
    const out = await stack.console([
      'audit since=yesterday',
      'audit since=0h',
      'audit since=2030-02-30',
      'audit outcome=maybe',
      'audit op=room%delete',
      'audit usr=alice',
    ]);
    const since =
      'Since must be a duration back from now (500ms, 90s, 30m, 2h, 1d or 2w) or a date such as 2026-11-28 or 2026-11-28T18:30Z.';
    expect(out).toBe(
      [
        ...Array(3).fill(since),
        'Outcome must be one of: ok, failed, not_run.',
        'Op must be an operation such as room.delete, or a family such as room.*.',
        'Unknown option "usr" (did you mean "user"?); to use it as a value, put it in quotes.',
      ]
        .map((why) => `✖ Cannot run /chat audit\n  ${why}\n  ${USAGE}\n`)
        .join(''),
    );
    const invalid = (await stack.runtime.audit.tail(6)).map((entry) => `${entry.decision}/${entry.outcome}`);
    expect(invalid).toEqual(Array(6).fill('invalid/not_run'));
  });
});

describe('/chat audit export', () => {
  it('attaches every entry as JSON lines, exactly as the chain keeps them', async () => {
    const out = await stack.console(['audit export']);
    const path = /File: (.+\.jsonl)\n/.exec(out)?.[1] ?? '';
    expect(path).toMatch(/audit\.jsonl$/);
    // The chain as it was when the export was made: the export's own entry comes after it.
    const chain = await auditChainLines(stack.runtime);
    const exported = await readFile(path, 'utf8');
    expect(exported).toBe(`${chain.slice(0, -1).join('\n')}\n`);
    expect(out).toContain(`Audit log export: ${chain.length - 1} entries`);
  });

  it('since a time: only the entries from then on', async () => {
    now = T0 + 3 * HOUR;
    const out = await stack.console(['audit export 2030-03-01T09:30Z', 'audit export 150m']);
    const paths = [...out.matchAll(/File: (.+\.jsonl)\n/g)].map(([, path]) => path ?? '');
    expect(paths.map((path) => path.replace(/.*\//, ''))).toEqual([
      'audit-since-2030-03-01T093000Z.jsonl',
      'audit-since-2030-03-01T083000Z.jsonl',
    ]);
    const operations = async (path: string) =>
      (await readFile(path, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { operation: string; userId: string }).operation);
    // From 09:30: Alice's edit at 10:00, then what the console ran from 11:00 on.
    const fromHalfPastNine = await operations(paths[0] ?? '');
    expect(fromHalfPastNine[0]).toBe('room.edit');
    expect(fromHalfPastNine.slice(1).every((operation) => operation.startsWith('audit'))).toBe(true);
    const fromHalfPastEight = await operations(paths[1] ?? '');
    expect(fromHalfPastEight.slice(0, 2)).toEqual(['room.delete', 'room.edit']);
    expect(out).toContain('Audit log export: ');
    expect(out).toContain('since 2030-03-01T09:30:00Z');
  });

  it('nothing since a time says so, attaches nothing; a bad time is refused with the usage line', async () => {
    const out = await stack.console(['audit export 2031-01-01', 'audit export soon']);
    expect(out).toContain('Audit log export: no entries since 2031-01-01T00:00:00Z');
    expect(out).toContain('Nothing was audited in that time.');
    expect(out).not.toContain('File:');
    expect(out).toContain(
      'Since must be a duration back from now (500ms, 90s, 30m, 2h, 1d or 2w) or a date such as 2026-11-28 or 2026-11-28T18:30Z.\n  Usage: /chat audit export [since]',
    );
  });

  it('needs its own permission: a role with audit may look at entries, not take them all away', async () => {
    const looked = await stack.runtime.core.handleLine('audit 1', AUDITOR);
    expect(looked.title).toBe('Audit log: last 1 entries');
    const exported = await stack.runtime.core.handleLine('audit export', AUDITOR);
    expect(exported.severity).toBe('error');
    expect(exported.attachment).toBeUndefined();
    expect(exported.text).toBe(
      'You may not run "audit export": it needs the role admin. Your roles: auditor.',
    );
    const [entry] = await stack.runtime.audit.tail(1);
    expect(entry).toMatchObject({ userId: 'U0AUD', operation: 'audit.export', decision: 'denied' });
  });
});
