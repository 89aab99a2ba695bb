import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FilesStatusFeed,
  type FilesStatusFeedOptions,
  type Reachability,
  type StatusFeedError,
  type StatusNeeds,
  type StatusUpdate,
} from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';
import { waitFor } from './wait-for.ts';

/** The files feed on real status files in a temp folder, with short timings. */

const makeFolder = useTempFolders();
const feeds: FilesStatusFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
});

async function statusFolder(): Promise<string> {
  const folder = await makeFolder();
  await writeFile(join(folder, 'online.txt'), '3|2|2\n');
  await writeFile(join(folder, 'room_1.txt'), 'ann\r\nbob\r\n');
  await writeFile(join(folder, 'room_2.txt'), '');
  return folder;
}

function feedOn(folder: string, options: Partial<FilesStatusFeedOptions> = {}) {
  const errors: StatusFeedError[] = [];
  const feed = new FilesStatusFeed({
    server: 'default',
    folder,
    watch: { debounceMs: 20, pollIntervalMs: 30 },
    onError: (error) => errors.push(error),
    ...options,
  });
  feeds.push(feed);
  return { feed, errors };
}

/** A subscriber that keeps every update, and can wait for the first one matching a test. */
function listen(feed: FilesStatusFeed, needs?: StatusNeeds) {
  const updates: StatusUpdate[] = [];
  const subscription = feed.subscribe((update) => {
    updates.push(update);
  }, needs);
  return {
    updates,
    subscription,
    async next(what: string, test: (update: StatusUpdate) => boolean): Promise<StatusUpdate> {
      const from = updates.length;
      await waitFor(what, () => updates.slice(from).some(test));
      return updates.slice(from).find(test) as StatusUpdate;
    },
  };
}

class ScriptedProbe {
  result: Reachability = { reachable: true };
  calls = 0;
  readonly run = async (): Promise<Reachability> => {
    this.calls += 1;
    return this.result;
  };
}

describe('FilesStatusFeed: the first snapshot', () => {
  it('reads online.txt, every room (users and rosters) and the data’s age before updates begin', async () => {
    const folder = await statusFolder();
    const { feed, errors } = feedOn(folder);
    const first = await listen(feed).subscription.ready;
    expect(first.server).toBe('default');
    expect(first.online).toEqual({ status: 'ok', counts: { connections: 3, loggedIn: 2, rooms: 2 } });
    // The empty room has nobody in it and is not listed.
    expect(first.roomUsers).toEqual(new Map([[1, 2]]));
    expect(first.rosters).toEqual(new Map([[1, ['ann', 'bob']]]));
    expect(first.newestWriteAt).toBeGreaterThan(0);
    expect(first.unreadable).toEqual(new Map());
    // No subscriber asked for reachability.
    expect(first.reachability).toBeUndefined();
    expect(feed.current).toBe(first);
    expect(errors).toEqual([]);
  });

  it('a missing folder: no rooms known, online missing, and the watch says so', async () => {
    const folder = join(await makeFolder(), 'not-there');
    const { feed, errors } = feedOn(folder);
    const first = await listen(feed).subscription.ready;
    expect(first.roomUsers).toBeUndefined();
    expect(first.online).toEqual({
      status: 'missing',
      reason: `the status folder ${folder} does not exist`,
    });
    expect(errors.map((error) => error.kind)).toEqual(['folder-missing']);
  });
});

describe('FilesStatusFeed: changes', () => {
  it('hands out a rewritten room file as a change, with the room read again', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder);
    const listener = listen(feed);
    await listener.subscription.ready;
    await writeFile(join(folder, 'room_2.txt'), 'cat\n');
    const update = await listener.next('room 2 read', (u) => u.snapshot.roomUsers?.get(2) === 1);
    expect(update.cause).toBe('change');
    if (update.cause !== 'change') return;
    expect(update.changed).toEqual({ online: false, rooms: [2] });
    expect(update.snapshot.rosters?.get(2)).toEqual(['cat']);
    expect(update.snapshot.roomUsers?.get(1)).toBe(2);
  });

  it('online.txt rewritten: its counts; a room file deleted: the room is empty', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder);
    const listener = listen(feed);
    await listener.subscription.ready;
    await writeFile(join(folder, 'online.txt'), '9|8|1\n');
    const online = await listener.next(
      'online.txt read',
      (u) => u.snapshot.online?.status === 'ok' && u.snapshot.online.counts.loggedIn === 8,
    );
    expect(online.cause === 'change' && online.changed.online).toBe(true);
    await rm(join(folder, 'room_1.txt'));
    const gone = await listener.next('room 1 gone', (u) => u.snapshot.roomUsers?.has(1) === false);
    expect(gone.cause === 'change' && gone.changed.rooms).toEqual([1]);
    expect(gone.snapshot.rosters?.has(1)).toBe(false);
  });

  it('reads each change once for every subscriber; a closed subscription hears nothing more', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder);
    const first = listen(feed);
    const second = listen(feed);
    await Promise.all([first.subscription.ready, second.subscription.ready]);
    await writeFile(join(folder, 'room_3.txt'), 'dee\n');
    const [a, b] = await Promise.all([
      first.next('the first subscriber', (u) => u.snapshot.roomUsers?.get(3) === 1),
      second.next('the second subscriber', (u) => u.snapshot.roomUsers?.get(3) === 1),
    ]);
    // One read, one snapshot, handed to both.
    expect(a.snapshot).toBe(b.snapshot);
    await first.subscription.close();
    const heardBefore = first.updates.length;
    await writeFile(join(folder, 'room_3.txt'), 'dee\neve\n');
    await second.next('the second subscriber again', (u) => u.snapshot.roomUsers?.get(3) === 2);
    await feed.settled();
    expect(first.updates).toHaveLength(heardBefore);
  });

  it('a listener that throws or rejects is reported and does not keep the others from hearing', async () => {
    const folder = await statusFolder();
    const { feed, errors } = feedOn(folder);
    await feed.subscribe(() => {
      throw new Error('boom');
    }).ready;
    await feed.subscribe(async () => {
      throw new Error('async boom');
    }).ready;
    const healthy = listen(feed);
    await healthy.subscription.ready;
    await writeFile(join(folder, 'room_1.txt'), 'ann\n');
    await healthy.next('the healthy listener', (u) => u.snapshot.roomUsers?.get(1) === 1);
    await waitFor('both failures', () => errors.length === 2);
    expect(errors.map((error) => [error.kind, error.message]).sort()).toEqual([
      ['listener-failed', 'a status feed listener failed: async boom'],
      ['listener-failed', 'a status feed listener failed: boom'],
    ]);
  });

  it('works the same on the polling fallback', async () => {
    const folder = await statusFolder();
    const { feed, errors } = feedOn(folder, { watch: { mode: 'poll', debounceMs: 20, pollIntervalMs: 30 } });
    const listener = listen(feed);
    await listener.subscription.ready;
    expect(feed.watchMode).toBe('poll');
    await writeFile(join(folder, 'room_1.txt'), 'ann\nbob\ncat\n');
    const update = await listener.next('the poller’s change', (u) => u.snapshot.roomUsers?.get(1) === 3);
    expect(update.cause === 'change' && update.changed.rooms).toEqual([1]);
    expect(errors).toEqual([]);
  });

  it('a file that cannot be read keeps its last value and is named in the snapshot', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder, { reads: { maxBytes: 64 } });
    const listener = listen(feed);
    await listener.subscription.ready;
    const path = join(folder, 'room_1.txt');
    await writeFile(path, 'x'.repeat(100));
    const update = await listener.next('room 1 unreadable', (u) => u.snapshot.unreadable.has(path));
    expect(update.snapshot.unreadable.get(path)).toBe(
      'it is 100 bytes, more than the 64 bytes a status file may have',
    );
    expect(update.snapshot.rosters?.get(1)).toEqual(['ann', 'bob']);
    await writeFile(path, 'fay\n');
    const readable = await listener.next('room 1 readable again', (u) => u.snapshot.roomUsers?.get(1) === 1);
    expect(readable.snapshot.unreadable).toEqual(new Map());
  });
});

describe('FilesStatusFeed: the tick, the check and readNow', () => {
  it('ticks with a full read when nothing changes, for a subscriber that asks for it', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder);
    const quiet = listen(feed);
    const ticking = listen(feed, { tickEveryMs: 30 });
    await Promise.all([quiet.subscription.ready, ticking.subscription.ready]);
    await ticking.next('a tick', (u) => u.cause === 'tick');
    const tick = await ticking.next('another tick', (u) => u.cause === 'tick');
    expect(tick.snapshot.roomUsers).toEqual(new Map([[1, 2]]));
    // The tick is a read for everyone: the other subscriber hears it too.
    expect(quiet.updates.some((u) => u.cause === 'tick')).toBe(true);
    expect(tick.snapshot.reachability).toBeUndefined();
  });

  it('checks reachability and online.txt at the interval asked; probes only when someone wants reachability', async () => {
    const folder = await statusFolder();
    const probe = new ScriptedProbe();
    const { feed } = feedOn(folder, { probe: probe.run });
    const ageOnly = listen(feed, { checkEveryMs: 30 });
    await ageOnly.subscription.ready;
    await ageOnly.next('a check', (u) => u.cause === 'check');
    expect(probe.calls).toBe(0);

    const liveness = listen(feed, { checkEveryMs: 30, reachability: true });
    expect((await liveness.subscription.ready).reachability).toEqual({ reachable: true });
    probe.result = { reachable: false, reason: 'cannot connect to 127.0.0.1:51127: connection refused' };
    const down = await liveness.next(
      'the unreachable check',
      (u) => u.snapshot.reachability?.reachable === false,
    );
    expect(down.cause).toBe('check');
    expect(down.snapshot.reachability).toEqual(probe.result);
  });

  it('a probe that throws reads as unreachable with its message', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder, {
      probe: async () => {
        throw new Error('no route');
      },
    });
    const first = await listen(feed, { reachability: true }).subscription.ready;
    expect(first.reachability).toEqual({ reachable: false, reason: 'no route' });
  });

  it('readNow reads everything and hands it out as a tick to every subscriber', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder);
    const listener = listen(feed);
    await listener.subscription.ready;
    await writeFile(join(folder, 'room_4.txt'), 'gus\n');
    const snapshot = await feed.readNow();
    expect(snapshot.roomUsers?.get(4)).toBe(1);
    expect(listener.updates.some((u) => u.cause === 'tick' && u.snapshot === snapshot)).toBe(true);
  });

  it('after close: nobody hears, and a new subscription is refused', async () => {
    const folder = await statusFolder();
    const { feed } = feedOn(folder);
    const listener = listen(feed, { tickEveryMs: 20, checkEveryMs: 20 });
    await listener.subscription.ready;
    await feed.close();
    const heard = listener.updates.length;
    await writeFile(join(folder, 'room_1.txt'), 'ann\n');
    // Another feed on the same folder sees the change: by then the closed one would have too.
    const { feed: witness } = feedOn(folder);
    const other = listen(witness);
    await other.subscription.ready;
    await writeFile(join(folder, 'room_1.txt'), 'ann\nbob\ncat\n');
    await other.next('the witness', (u) => u.snapshot.roomUsers?.get(1) === 3);
    expect(listener.updates).toHaveLength(heard);
    expect(() => feed.subscribe(() => undefined)).toThrow(/closed/);
  });
});
