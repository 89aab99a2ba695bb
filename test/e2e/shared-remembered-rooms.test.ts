import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestMeta } from '../../src/commands/attempt.ts';
import type { Runtime } from '../../src/runtime/create-runtime.ts';
import { type SharedInstances, startSharedInstances } from '../helpers/shared-instances.ts';

/**
 * The names of the rooms the bot created, in the state store: without a Data API they are the
 * only names of those rooms, so `who <name>` on one instance finds a room `room add` made on
 * another only through the store. And an earlier release's `rooms.json` is imported on the
 * first start, once.
 */

const PASSWORD = 'shared-rooms-pw-7310';
const admin: RequestMeta = {
  identity: { platform: 'slack', userId: 'U0ADMIN', userName: 'ada', groupIds: [] },
  channel: 'C1',
};

let shared: SharedInstances;

/** A bot instance on its own folder; no Data API, so room names come from the bot alone. */
async function instance(
  store: 'sqlite' | 'postgres',
  folder?: string,
): Promise<{ runtime: Runtime; log: string[] }> {
  const log: string[] = [];
  const { runtime } = await shared.instance(
    `
roles:
  admin: { allow: ["*"] }
bindings:
  slack: { users: { U0ADMIN: admin } }
state: { store: ${store} }
stats: { enabled: false }
`,
    {
      folder,
      reach: 'files',
      report: (line) => log.push(line),
      alertLog: (line) => log.push(line),
    },
  );
  return { runtime, log };
}

beforeAll(async () => {
  shared = await startSharedInstances({
    name: 'shared-rooms',
    password: PASSWORD,
    rooms: [{ id: 1, name: 'Lobby', max: 100 }],
  });
});
afterAll(async () => {
  await shared?.close();
});

describe('two instances, one PostgreSQL: remembered rooms', () => {
  it('a room added through one instance is known by name to the other at once; renamed and deleted too', async () => {
    const [{ runtime: a }, { runtime: b }] = [await instance('postgres'), await instance('postgres')];
    // B has listed the rooms before: nothing it holds may hide the new name.
    expect((await b.core.handleLine('who Garden', admin)).text).toContain('There is no room called "Garden"');

    const added = await a.core.handleLine('room add Garden', admin);
    expect(added.title).toMatch(/^Room added: Garden \((\d+)\)$/);
    const id = /\((\d+)\)$/.exec(added.title)?.[1];
    expect((await b.core.handleLine('who Garden', admin)).title).toBe(`Who is in Garden (${id})`);

    await b.core.handleLine(`room edit ${id} name="Roof Garden"`, admin);
    expect((await a.core.handleLine('who roof garden', admin)).title).toBe(`Who is in Roof Garden (${id})`);

    const prompt = await a.core.handleLine('room delete Roof Garden', admin);
    const confirmation = prompt.confirmation?.id;
    if (confirmation === undefined) throw new Error(`no confirmation: ${prompt.title}`);
    expect((await b.core.answerConfirmation(confirmation, 'confirm', admin)).title).toBe(
      `Room deleted: Roof Garden (${id})`,
    );
    expect((await a.core.handleLine('who Roof Garden', admin)).text).toContain(
      'There is no room called "Roof Garden"',
    );
  });
});

/** The log's lines about rooms (other parts of the runtime may log at start too). */
const roomLines = (log: readonly string[]) => log.filter((line) => line.startsWith('rooms:'));

describe('upgrade: the rooms.json of an earlier release', () => {
  it('is imported on the first start, said in one line, and never again', async () => {
    const folder = await shared.folder();
    const stateDir = join(folder, 'state');
    await mkdir(stateDir);
    const file = join(stateDir, 'rooms.json');
    await writeFile(file, JSON.stringify({ version: 1, rooms: [{ id: 42, name: 'Old Quiz' }] }));

    const first = await instance('sqlite', folder);
    expect(roomLines(first.log)).toEqual([
      `rooms: imported 1 remembered room name of group default from ${file} into the state store, once; the file is no longer read or written`,
    ]);
    expect((await first.runtime.core.handleLine('who Old Quiz', admin)).title).toBe(
      'No one in Old Quiz (42)',
    );
    await first.runtime.close();

    // The file stays as it was; the next start neither imports it nor says anything.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      rooms: [{ id: 42, name: 'Old Quiz' }],
    });
    const second = await instance('sqlite', folder);
    expect(roomLines(second.log)).toEqual([]);
    expect((await second.runtime.core.handleLine('who old quiz', admin)).title).toBe(
      'No one in Old Quiz (42)',
    );
  });
});
