import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditAppendError, openAuditFile } from '../../src/audit/index.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { sampleEntry } from './sample-entry.ts';

const makeFolder = useTempFolders();

async function linesOf(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('openAuditFile', () => {
  it('creates the folder and the file', async () => {
    const path = join(await makeFolder(), 'logs', 'audit', 'audit.jsonl');
    await openAuditFile(path, { secrets: [] });
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('writes each entry as exactly one JSON line, even with newlines in its values', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    const first = sampleEntry();
    const second = sampleEntry({
      operation: 'broadcast',
      parameters: { message: 'line one\nline two\r\n\u2028end' },
      decision: 'denied',
      outcome: 'not_run',
      result: undefined,
      error: 'not allowed:\nmoderators only',
    });
    await log.append(first);
    await log.append(second);
    const lines = await linesOf(path);
    expect(lines).toHaveLength(2);
    // toEqual passes over `result: undefined`, which JSON leaves out.
    expect(lines.map((line) => JSON.parse(line))).toEqual([first, second]);
  });

  it('keeps 500 concurrent appends as 500 whole lines, in the order they were made', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        // Some entries are large, so a write that is not serialised would interleave.
        log.append(
          sampleEntry({ userId: `U${index}`, parameters: { index, padding: 'x'.repeat(index * 40) } }),
        ),
      ),
    );
    const lines = await linesOf(path);
    expect(lines).toHaveLength(500);
    const indexes = lines.map((line) => JSON.parse(line).parameters.index);
    expect(indexes).toEqual(Array.from({ length: 500 }, (_, index) => index));
  });

  it('keeps every line, in order, when appends arrive while batches are being written', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    const appended: Array<Promise<void>> = [];
    // Spread over several batch windows: lines come before, during and after each write.
    for (let index = 0; index < 120; index += 1) {
      appended.push(log.append(sampleEntry({ parameters: { index } })));
      if (index % 7 === 0) await new Promise((resolve) => setTimeout(resolve, index % 3));
    }
    await Promise.all(appended);
    const indexes = (await linesOf(path)).map((line) => JSON.parse(line).parameters.index);
    expect(indexes).toEqual(Array.from({ length: 120 }, (_, index) => index));
  });

  it('writes an entry as it was when appended, whatever becomes of the object afterwards', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    const entry = sampleEntry({ parameters: { room: 'Lobby' } });
    const written = log.append(entry);
    entry.userId = 'changed';
    entry.parameters.room = 'changed';
    await written;
    expect(JSON.parse((await linesOf(path))[0] ?? '')).toMatchObject({
      userId: sampleEntry().userId,
      parameters: { room: 'Lobby' },
    });
  });

  it('only ever adds to the file: earlier bytes stay as they were, also after reopening', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [] });
    for (let index = 0; index < 10; index += 1) await log.append(sampleEntry({ durationMs: index }));
    const before = await readFile(path);
    await Promise.all(Array.from({ length: 10 }, () => log.append(sampleEntry({ outcome: 'failed' }))));
    await log.close();
    const reopened = await openAuditFile(path, { secrets: [] });
    await reopened.append(sampleEntry({ decision: 'cancelled', outcome: 'not_run' }));
    const after = await readFile(path);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(await linesOf(path)).toHaveLength(21);
  });

  it('writes everything still pending on close, and refuses appends after it', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const errors: AuditAppendError[] = [];
    const log = await openAuditFile(path, { secrets: [], onError: (error) => errors.push(error) });
    const pending = Array.from({ length: 50 }, (_, index) => log.append(sampleEntry({ durationMs: index })));
    await log.close();
    expect(await linesOf(path)).toHaveLength(50);
    await Promise.all(pending);
    const late = log.append(sampleEntry());
    await expect(late).rejects.toMatchObject({ name: 'AuditAppendError', failure: 'closed' });
    expect(errors.map((error) => error.failure)).toEqual(['closed']);
    expect(await linesOf(path)).toHaveLength(50);
  });

  it('refuses an entry that does not fit the schema, writing nothing', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const errors: AuditAppendError[] = [];
    const log = await openAuditFile(path, { secrets: [], onError: (error) => errors.push(error) });
    const bad = { ...sampleEntry(), decision: 'maybe' } as unknown as Parameters<typeof log.append>[0];
    await expect(log.append(bad)).rejects.toMatchObject({ failure: 'invalid-entry' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(log.append(sampleEntry({ parameters: circular }))).rejects.toThrow(
      /cannot be written as JSON/,
    );
    expect(errors).toHaveLength(2);
    expect(await readFile(path, 'utf8')).toBe('');
  });
});

describe('a failed write', () => {
  it('is reported through onError and rejects the append, and the log carries on afterwards', async () => {
    const folder = join(await makeFolder(), 'audit');
    const path = join(folder, 'audit.jsonl');
    const errors: AuditAppendError[] = [];
    const log = await openAuditFile(path, { secrets: ['hunter2'], onError: (error) => errors.push(error) });
    await log.append(sampleEntry());
    await rm(folder, { recursive: true });

    const failed = log.append(sampleEntry({ userId: 'U-hunter2' }));
    await expect(failed).rejects.toBeInstanceOf(AuditAppendError);
    await expect(failed).rejects.toMatchObject({
      failure: 'write-failed',
      path,
      message: `the audit entry for room.delete by U-*** could not be written to ${path}: its folder no longer exists (ENOENT)`,
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.cause).toMatchObject({ code: 'ENOENT' });

    await mkdir(folder);
    await log.append(sampleEntry({ userId: 'U0002' }));
    expect((await log.tail()).map((entry) => entry.userId)).toEqual(['U0002']);
  });

  it.skipIf(!existsSync('/dev/full'))('reports a full disk', async () => {
    const errors: AuditAppendError[] = [];
    const log = await openAuditFile('/dev/full', { secrets: [], onError: (error) => errors.push(error) });
    await expect(log.append(sampleEntry())).rejects.toThrow(/the disk is full \(ENOSPC\)/);
    expect(errors).toHaveLength(1);
  });

  it('after a crash mid-line, the next entry starts on a line of its own', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const before = await openAuditFile(path, { secrets: [] });
    await before.append(sampleEntry({ userId: 'U1' }));
    await appendFile(path, '{"time":"2025-03-01T12:00:00.000Z","platform":"sla');
    const afterRestart = await openAuditFile(path, { secrets: [] });
    await afterRestart.append(sampleEntry({ userId: 'U2' }));
    expect((await afterRestart.tail()).map((entry) => entry.userId)).toEqual(['U1', 'U2']);
  });
});
