import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretKey, openAuditFile } from '../../src/audit/index.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { sampleEntry } from './sample-entry.ts';

const makeFolder = useTempFolders();

const API_PASSWORD = '3874-3459-9999-2199';
const BOT_TOKEN = 'xoxb-1234-abcd';

async function writtenLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('redaction', () => {
  it('hides password-like parameters and secret substrings anywhere, nested too', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: [API_PASSWORD, BOT_TOKEN, ''] });
    await log.append(
      sampleEntry({
        operation: 'room.add',
        userName: `bob (${BOT_TOKEN})`,
        parameters: {
          name: 'Q&A',
          max: 50,
          password: 'room-pass',
          pwd: 'p',
          api_pwd: 'x',
          roomPassword: { nested: 'y' },
          Client_Secret: 's',
          options: { authToken: 't', list: [{ sessionToken: 1 }, `token ${BOT_TOKEN} inside`], flag: true },
          welcome: `the password is ${API_PASSWORD}!`,
          [BOT_TOKEN]: 'as a key',
        },
        result: {
          echoed: `<Command api_pwd="${API_PASSWORD}"/>`,
          codes: [0, `${API_PASSWORD}${API_PASSWORD}`],
        },
        error: `refused for ${BOT_TOKEN}`,
      }),
    );
    const [written] = await writtenLines(path);
    expect(written).toEqual({
      ...sampleEntry(),
      operation: 'room.add',
      userName: 'bob (***)',
      parameters: {
        name: 'Q&A',
        max: 50,
        password: '***',
        pwd: '***',
        api_pwd: '***',
        roomPassword: '***',
        Client_Secret: '***',
        options: { authToken: '***', list: [{ sessionToken: '***' }, 'token *** inside'], flag: true },
        welcome: 'the password is ***!',
        '***': 'as a key',
      },
      result: { echoed: '<Command api_pwd="***"/>', codes: [0, '******'] },
      error: 'refused for ***',
    });
    const raw = await readFile(path, 'utf8');
    for (const secret of [API_PASSWORD, BOT_TOKEN, 'room-pass']) expect(raw).not.toContain(secret);
  });

  it('hides a secret whole even when another secret is part of it', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const log = await openAuditFile(path, { secrets: ['abc', 'xxabcxx'] });
    await log.append(sampleEntry({ parameters: { note: '1 xxabcxx 2 abc 3' } }));
    expect(await writtenLines(path)).toMatchObject([{ parameters: { note: '1 *** 2 *** 3' } }]);
  });

  it('never writes a secret, whatever the entry holds', async () => {
    const path = join(await makeFolder(), 'audit.jsonl');
    const secret = fc.string({ minLength: 3, maxLength: 12 }).filter((text) => !text.includes('*'));
    await fc.assert(
      fc.asyncProperty(
        secret,
        fc.jsonValue(),
        fc.string(),
        fc.string(),
        async (hidden, value, before, after) => {
          const log = await openAuditFile(path, { secrets: [hidden] });
          await log.append(
            sampleEntry({
              parameters: { value, note: `${before}${hidden}${after}`, [`${before}${hidden}`]: value },
              result: [value, hidden],
              error: `${hidden}${after}`,
            }),
          );
          const lines = await writtenLines(path);
          expect(stringsIn(lines.at(-1)).some((text) => text.includes(hidden))).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('knows which parameter names hold passwords', () => {
    for (const key of [
      'password',
      'PASSWORD',
      'pwd',
      'api_pwd',
      'roomPassword',
      'signing_secret',
      'botToken',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['name', 'room', 'max', 'message', 'owner', 'pwdless_mode', 'dest_uid']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

/** Every string in a JSON value, keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, member]) => [key, ...stringsIn(member)]);
  }
  return [];
}
