import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  type OnlineCountsResult,
  type RoomRosterResult,
  readOnlineCounts,
  readRoomRoster,
} from '../../src/status/index.ts';
import { useTempFolders } from './temp-folder.ts';

const makeFolder = useTempFolders();

// Both writers run in a worker thread so that their writes really interleave with the reads of
// the test. Each posts 'started', loops until the shared stop flag is set, then posts its loop
// count; each also publishes its count as it goes (the shared `progress` word), so that the test
// can wait for the writer's progress instead of reading for a while and hoping it kept up.

// Rewrites the files in place (open with truncation, then write), as the chat server may,
// cycling through the states, with a short pause between rewrites.
const REWRITER = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const stop = new Int32Array(workerData.stop);
const progress = new Int32Array(workerData.progress);
const pause = new Int32Array(new SharedArrayBuffer(4));
let loops = 0;
parentPort.postMessage('started');
while (Atomics.load(stop, 0) === 0) {
  for (const [name, states] of Object.entries(workerData.states)) {
    writeFileSync(join(workerData.dir, name), states[loops % states.length]);
  }
  loops += 1;
  Atomics.store(progress, 0, loops);
  Atomics.wait(pause, 0, 0, 1);
}
parentPort.postMessage(loops);
`;

// Keeps appending to one file, a line every few microseconds: every read of it overlaps a write.
const APPENDER = `
const { workerData, parentPort } = require('node:worker_threads');
const { openSync, writeSync, closeSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
const progress = new Int32Array(workerData.progress);
const pause = new Int32Array(new SharedArrayBuffer(4));
const fd = openSync(workerData.path, 'a');
let loops = 0;
parentPort.postMessage('started');
while (Atomics.load(stop, 0) === 0) {
  writeSync(fd, 'latecomer\\n');
  loops += 1;
  Atomics.store(progress, 0, loops);
  Atomics.wait(pause, 0, 0, 0.02);
}
closeSync(fd);
parentPort.postMessage(loops);
`;

interface LoopWorker {
  /** Loops run so far. */
  readonly loops: number;
  /** Resolves once the worker has run more than `loops` loops. */
  passed(loops: number): Promise<void>;
  /** Sets the stop flag; resolves with the number of loops the worker ran. */
  stop(): Promise<number>;
}

async function startLoopWorker(script: string, workerData: Record<string, unknown>): Promise<LoopWorker> {
  const stopFlag = new SharedArrayBuffer(4);
  const progressWord = new SharedArrayBuffer(4);
  const progress = new Int32Array(progressWord);
  const worker = new Worker(script, {
    eval: true,
    workerData: { ...workerData, stop: stopFlag, progress: progressWord },
  });
  const started = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  const loops = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (typeof message === 'number') resolve(message);
    });
    worker.once('error', reject);
  });
  await started;
  return {
    get loops() {
      return Atomics.load(progress, 0);
    },
    async passed(loops) {
      // A turn of the event loop at a time: the reads in between are the test's own.
      while (Atomics.load(progress, 0) <= loops) await new Promise((resolve) => setImmediate(resolve));
    },
    stop() {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      return loops;
    },
  };
}

const ONLINE_STATES = ['230|199|10', '7|5|2', '1000000|999999|250'];
const ROSTER_STATES = [
  Array.from({ length: 50 }, (_, index) => `alice-${index}`),
  Array.from({ length: 400 }, (_, index) => `bob-${index} 🦊`),
  Array.from({ length: 2000 }, (_, index) => `dave-${index}`),
  ['carol'],
];

describe('reading files while the server rewrites them', () => {
  it('always gives a whole state of some moment, or a typed unreadable, never a torn one', async () => {
    const dir = await makeFolder();
    await writeFile(join(dir, 'online.txt'), ONLINE_STATES[0] ?? '');
    await writeFile(join(dir, 'room_1.txt'), ROSTER_STATES[0]?.join('\n') ?? '');
    const validCounts = ONLINE_STATES.map((line) => line.split('|').map(Number).join('|'));
    const validRosters = ROSTER_STATES.map((names) => names.join('\n'));
    const seen = { ok: 0, unreadable: 0, torn: [] as string[] };
    const check = (online: OnlineCountsResult, roster: RoomRosterResult) => {
      for (const result of [online, roster]) {
        if (result.status === 'unreadable') seen.unreadable += 1;
        else if (result.status !== 'ok') seen.torn.push(`unexpected ${result.status}`);
      }
      if (online.status === 'ok') {
        const { connections, loggedIn, rooms } = online.counts;
        if (validCounts.includes(`${connections}|${loggedIn}|${rooms}`)) seen.ok += 1;
        else seen.torn.push(`online ${connections}|${loggedIn}|${rooms}`);
      }
      if (roster.status === 'ok') {
        if (validRosters.includes(roster.userNames.join('\n'))) seen.ok += 1;
        else seen.torn.push(`roster of ${roster.userNames.length} ending ${roster.userNames.at(-1)}`);
      }
    };
    const readBoth = () =>
      Promise.all([readOnlineCounts(dir, { retryDelayMs: 5 }), readRoomRoster(dir, 1, { retryDelayMs: 5 })]);

    const states = {
      'online.txt': ONLINE_STATES,
      'room_1.txt': ROSTER_STATES.map((names) => `${names.join('\r\n')}\r\n`),
    };
    const ROUNDS = 40;
    const rewriter = await startLoopWorker(REWRITER, { dir, states });
    let rewrites: number;
    try {
      // A fixed number of rounds, each begun only once the writer has rewritten the files again
      // since the last one began: every round reads files the writer is busy with, on any machine.
      for (let round = 0; round < ROUNDS; round += 1) {
        await rewriter.passed(rewriter.loops);
        const [online, roster] = await readBoth();
        check(online, roster);
      }
    } finally {
      rewrites = await rewriter.stop();
    }
    expect(seen.torn).toEqual([]);
    expect(rewrites).toBeGreaterThanOrEqual(ROUNDS);
    expect(seen.ok + seen.unreadable).toBe(2 * ROUNDS);

    // The writer stopped: the files hold the state of its last loop, and both read as that state.
    const [online, roster] = await readBoth();
    const last = (rewrites - 1) % ONLINE_STATES.length;
    const counts = online.status === 'ok' ? online.counts : undefined;
    expect(counts && `${counts.connections}|${counts.loggedIn}|${counts.rooms}`).toBe(validCounts[last]);
    expect(roster.status === 'ok' && roster.userNames.join('\n')).toBe(
      validRosters[(rewrites - 1) % ROSTER_STATES.length],
    );
  });

  it('calls a file that changes during every read unreadable, with the reason', async () => {
    const dir = await makeFolder();
    const path = join(dir, 'room_2.txt');
    // Large enough that reading it takes a while, so that appends land in the middle of a read.
    await writeFile(path, 'regular\n'.repeat(250_000));
    const appender = await startLoopWorker(APPENDER, { path });
    const results: RoomRosterResult[] = [];
    try {
      // Reads until one is called unreadable (the positive signal), each begun only once the
      // appender has appended again; bounded so that a reader that never notices fails here.
      for (let attempt = 0; attempt < 200 && !results.some((r) => r.status === 'unreadable'); attempt += 1) {
        await appender.passed(appender.loops);
        results.push(await readRoomRoster(dir, 2, { retryDelayMs: 1 }));
      }
    } finally {
      await appender.stop();
    }

    expect(results).toContainEqual({
      status: 'unreadable',
      path,
      reason: 'the file kept changing while it was read',
    });
    for (const result of results) expect(['ok', 'unreadable']).toContain(result.status);
  });
});
