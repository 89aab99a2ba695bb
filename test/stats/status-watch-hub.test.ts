import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusWatchHub } from '../../src/stats/status-watch-hub.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { waitUntil } from './stats-stack.ts';

const tempFolder = useTempFolders();
const hubs: StatusWatchHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hubOn(folder: string): Promise<StatusWatchHub> {
  const errors: unknown[] = [];
  const hub = new StatusWatchHub(folder, { debounceMs: 20, onListenerError: (error) => errors.push(error) });
  hubs.push(hub);
  await hub.ready;
  return hub;
}

describe('one status watch, several listeners (the recorder and the alert engine)', () => {
  it('tells every subscriber of each change; a closed subscription hears nothing more', async () => {
    const folder = await tempFolder();
    const hub = await hubOn(folder);
    const first: string[][] = [];
    const second: string[][] = [];
    const a = hub.subscribe((names) => first.push([...names]));
    hub.subscribe((names) => second.push([...names]));
    expect(hub.listenerCount).toBe(2);
    await a.ready;
    await writeFile(join(folder, 'room_1.txt'), 'ann\n');
    await waitUntil('both listeners', () => first.length > 0 && second.length > 0);
    expect(first[0]).toEqual(['room_1.txt']);
    expect(second[0]).toEqual(['room_1.txt']);
    await a.close();
    expect(hub.listenerCount).toBe(1);
    await writeFile(join(folder, 'online.txt'), '1|1|1');
    await waitUntil('the second listener', () => second.length > 1);
    expect(second[1]).toEqual(['online.txt']);
    expect(first).toHaveLength(1);
  });

  it('a listener that throws does not keep the others from hearing; after close nobody hears', async () => {
    const folder = await tempFolder();
    const failures: unknown[] = [];
    const hub = new StatusWatchHub(folder, {
      debounceMs: 20,
      onListenerError: (error) => failures.push(error),
    });
    hubs.push(hub);
    await hub.ready;
    const heard: string[] = [];
    hub.subscribe(() => {
      throw new Error('boom');
    });
    hub.subscribe(async () => {
      throw new Error('async boom');
    });
    hub.subscribe((names) => heard.push(...names));
    await writeFile(join(folder, 'room_2.txt'), 'bob\n');
    await waitUntil('the healthy listener', () => heard.length > 0);
    await waitUntil('both failures', () => failures.length === 2);
    await hub.close();
    expect(() => hub.subscribe(() => {})).toThrow(/closed/);
  });
});
