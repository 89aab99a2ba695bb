import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/emulator/index.ts';
import { InvalidCommandError, ServerRefusedError } from '../src/protocol/errors.ts';
import { findForbiddenChar } from '../src/protocol/xml-text.ts';
import { ServerApiClient } from '../src/transport/server-api-client.ts';

const PASSWORD = 'round-trip-pw';
let dataDir: string;
let emulator: RunningEmulator;
let client: ServerApiClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flashchat-round-trip-'));
  emulator = await startEmulator({ port: 0, httpPort: 0, dataDir, password: PASSWORD });
  client = new ServerApiClient({ port: emulator.serverApiPort, apiPassword: PASSWORD });
});

afterAll(async () => {
  await emulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const ADVERSARIAL = [
  `double " and single ' quotes`,
  '<tag attr="x"/> & &amp; &lt; &#10; &#x0; literally',
  ']]> <![CDATA[ x ]]>',
  'line one\nline two\r\nline three\rline four',
  '\ttabbed\t\t',
  '  leading and trailing spaces  ',
  'emoji 😀👍🏽 and a flag 🇫🇷',
  'right-to-left: שלום עולם مرحبا',
  'mixed \u202Edirection\u202C marks \u200F',
  '"/><Command group="default" api_pwd="x" type="stop_group"/>',
  '\u0085 \u2028 \u2029 \uFFFD \u{10FFFF}',
  'x'.repeat(10_000),
];

describe('every value reaches the emulator exactly as typed', () => {
  it.each(
    ADVERSARIAL.map((value) => [
      value.length > 60 ? `${value.slice(0, 20)}… (${value.length})` : value,
      value,
    ]),
  )('broadcast %j', async (_label, value) => {
    const before = emulator.acceptedCommands.length;
    await client.send({ type: 'broadcast', params: { userid: value, msg: value } });
    expect(emulator.acceptedCommands.length).toBe(before + 1);
    const accepted = emulator.acceptedCommands.at(-1);
    expect(accepted?.type).toBe('broadcast');
    expect(accepted?.params).toEqual({ userid: value, msg: value });
  });

  it('room names, descriptions and welcome messages round-trip through add_room and edit_room', async () => {
    for (const value of ADVERSARIAL.slice(0, 11)) {
      const added = await client.send({
        type: 'add_room',
        params: { name: value, desc: value, wm: value, owner: value },
      });
      expect(emulator.acceptedCommands.at(-1)?.params).toMatchObject({
        name: value,
        desc: value,
        wm: value,
        owner: value,
      });
      await client.send({
        type: 'edit_room',
        params: { roomid: added.roomId ?? 0, pwd: value, speaker: value },
      });
      expect(emulator.acceptedCommands.at(-1)?.params).toMatchObject({
        roomid: String(added.roomId),
        pwd: value,
        speaker: value,
      });
    }
  });

  it('random text: no value can add or change an attribute, a command or the framing', async () => {
    const sendable = fc
      .string({ unit: 'binary', maxLength: 120 })
      .filter((text) => text.trim() !== '' && findForbiddenChar(text) === undefined);
    await fc.assert(
      fc.asyncProperty(sendable, sendable, async (userid, msg) => {
        const before = emulator.acceptedCommands.length;
        await client.send({ type: 'broadcast', params: { userid, msg } });
        const accepted = emulator.acceptedCommands.slice(before);
        expect(accepted).toHaveLength(1);
        expect(accepted[0]?.type).toBe('broadcast');
        expect(accepted[0]?.group).toBe('default');
        expect(accepted[0]?.params).toEqual({ userid, msg });
      }),
      { numRuns: 300 },
    );
  });

  it('a value XML cannot carry is refused before anything is sent', async () => {
    const before = emulator.acceptedCommands.length;
    for (const bad of ['nul\0', 'bell\u0007', 'esc\u001B[31m', 'half \uD83D', '\uFFFE']) {
      await expect(
        client.send({ type: 'broadcast', params: { userid: 'ops', msg: bad } }),
      ).rejects.toBeInstanceOf(InvalidCommandError);
    }
    expect(emulator.acceptedCommands.length).toBe(before);
  });
});

describe('refusals from the emulator arrive as typed errors', () => {
  it('a wrong password', async () => {
    const wrong = new ServerApiClient({ port: emulator.serverApiPort, apiPassword: 'not-the-password' });
    const error = await wrong.send({ type: 'start_group', params: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerRefusedError);
    expect((error as ServerRefusedError).codeName).toBe('bad_password');
    expect((error as Error).message).not.toContain('not-the-password');
  });

  it('an unknown room', async () => {
    const error = await client
      .send({ type: 'del_room', params: { room_id: 999_999 } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerRefusedError);
    expect((error as ServerRefusedError).codeName).toBe('room_not_found');
  });
});

describe('an address the server does not allow', () => {
  it('is refused with its own code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flashchat-allow-'));
    const strict = await startEmulator({
      port: 0,
      httpPort: 0,
      dataDir: dir,
      password: PASSWORD,
      allow: ['10.9.9.9'],
    });
    try {
      const outsider = new ServerApiClient({ port: strict.serverApiPort, apiPassword: PASSWORD });
      const error = await outsider
        .send({ type: 'broadcast', params: { userid: 'a', msg: 'b' } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServerRefusedError);
      expect((error as ServerRefusedError).codeName).toBe('address_not_allowed');
      expect(strict.acceptedCommands).toHaveLength(0);
    } finally {
      await strict.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
