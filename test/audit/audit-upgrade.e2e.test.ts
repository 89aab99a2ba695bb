import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/index.ts';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime/create-runtime.ts';
import { API_PASSWORD, configForEmulator } from '../e2e/harness.ts';
import { sampleEntry } from './sample-entry.ts';

/**
 * The audit log across an upgrade: the JSONL file an earlier release wrote is imported into the
 * state store's chain on the first start, never again; and the optional JSONL mirror.
 */

const CONFIG = 'roles: { admin: { allow: ["*"] } }\nbindings: { console: { role: admin } }\n';
const CONSOLE: RequestMeta = {
  identity: { platform: 'console', userId: 'tester', userName: 'Tess', groupIds: [] },
};

let folder: string;
let emulator: RunningEmulator;
const runtimes: Runtime[] = [];

afterEach(async () => {
  await Promise.allSettled(runtimes.splice(0).map((runtime) => runtime.close()));
  await emulator?.stop();
  await rm(folder, { recursive: true, force: true });
});

async function setUp(): Promise<void> {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-audit-upgrade-'));
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: join(folder, 'data'),
    password: API_PASSWORD,
  });
}

/** The bot started on `folder` (its state store in `<folder>/state`), with what it logged and reported. */
async function start(yaml = CONFIG) {
  const logged: string[] = [];
  const problems: string[] = [];
  const runtime = await createRuntime(configForEmulator(yaml, emulator, folder), {
    secrets: [API_PASSWORD],
    report: (message) => problems.push(message),
    alertLog: (line) => logged.push(line),
  });
  runtimes.push(runtime);
  return { runtime, logged, problems };
}

async function stop(runtime: Runtime): Promise<void> {
  runtimes.splice(runtimes.indexOf(runtime), 1);
  await runtime.close();
}

describe('the audit file of an earlier release', () => {
  it('is imported once, in file order, lines that are not entries skipped and counted; a restart does not import it again', async () => {
    await setUp();
    const path = join(folder, 'audit.jsonl');
    const old = [
      sampleEntry({ userId: 'U1', time: '2025-03-01T12:00:00.000Z' }),
      sampleEntry({ userId: 'U2', time: '2025-03-01T12:05:00.000Z', parameters: { password: 'room-pass' } }),
      sampleEntry({ userId: 'U3', time: '2025-03-01T12:10:00.000Z', error: `refused: ${API_PASSWORD}` }),
    ];
    const text = [
      JSON.stringify(old[0]),
      '{"time":"2025-03-01T12:01:00.000Z","platform":"sla', // torn by a crash
      JSON.stringify(old[1]),
      '',
      '{"not":"an entry"}',
      JSON.stringify(old[2]),
      '',
    ].join('\n');
    await writeFile(path, text);

    const first = await start();
    expect(first.logged.filter((line) => line.startsWith('audit:'))).toEqual([
      `audit: imported 3 entries from ${path} into the audit chain (2 lines skipped: not audit entries)`,
    ]);
    expect(first.problems).toEqual([]);
    const imported = await first.runtime.audit.tail(10);
    expect(imported.map((entry) => entry.userId)).toEqual(['U1', 'U2', 'U3']);
    // Redacted on the way in, as any entry is.
    expect(imported[1]?.parameters).toEqual({ password: '***' });
    expect(imported[2]?.error).toBe('refused: ***');
    await first.runtime.core.handleLine('status', CONSOLE);
    await stop(first.runtime);

    const second = await start();
    expect(second.logged.filter((line) => line.startsWith('audit:'))).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(
      (await second.runtime.audit.tail(10)).map((entry) => `${entry.userId} ${entry.operation}`),
    ).toEqual(['U1 room.delete', 'U2 room.delete', 'U3 room.delete', 'tester status']);
    expect(await verifyAuditChain(second.runtime.state.audit)).toMatchObject({ count: 4, breaks: [] });
    // The file is left as it was, and no mirror is written by default.
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('none there: nothing is said, and a file that appears later is imported then', async () => {
    await setUp();
    const first = await start();
    expect(first.logged.filter((line) => line.startsWith('audit:'))).toEqual([]);
    await first.runtime.core.handleLine('status', CONSOLE);
    await stop(first.runtime);
    const path = join(folder, 'audit.jsonl');
    await writeFile(path, `${JSON.stringify(sampleEntry({ userId: 'U-old' }))}\n`);
    const second = await start();
    expect(second.logged.filter((line) => line.startsWith('audit:'))).toEqual([
      `audit: imported 1 entry from ${path} into the audit chain`,
    ]);
    expect((await second.runtime.audit.tail(10)).map((entry) => entry.userId)).toEqual(['tester', 'U-old']);
  });
});

describe('the JSONL mirror (audit.mirror)', () => {
  it('gets every entry the chain stores, one JSON line each, redacted', async () => {
    await setUp();
    const { runtime } = await start(`${CONFIG}audit: { mirror: ./logs/mirror.jsonl }\n`);
    await runtime.core.handleLine('status', CONSOLE);
    await runtime.core.handleLine(`room add Quiz password=${API_PASSWORD}`, CONSOLE);
    await runtime.audit.tail(1);
    const mirrored = (await readFile(join(folder, 'logs', 'mirror.jsonl'), 'utf8')).trimEnd().split('\n');
    const stored = await runtime.audit.tail(10);
    expect(mirrored.map((line) => JSON.parse(line))).toEqual(stored);
    expect(mirrored.join('\n')).not.toContain(API_PASSWORD);
    expect(existsSync(join(folder, 'audit.jsonl'))).toBe(false);
  });

  it('on audit.path (mirror: true): the mirror continues the imported file, and its own lines are never imported', async () => {
    await setUp();
    const yaml = `${CONFIG}audit: { mirror: true }\n`;
    const path = join(folder, 'audit.jsonl');
    // A store that starts with no file to import, then writes its mirror there.
    const first = await start(yaml);
    await first.runtime.core.handleLine('status', CONSOLE);
    await stop(first.runtime);
    expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(1);

    const second = await start(yaml);
    expect(second.logged.filter((line) => line.startsWith('audit:'))).toEqual([]);
    await second.runtime.core.handleLine('rooms', CONSOLE);
    expect((await second.runtime.audit.tail(10)).map((entry) => entry.operation)).toEqual([
      'status',
      'rooms',
    ]);
    expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(2);
  });
});
