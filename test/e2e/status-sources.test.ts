import { afterEach, describe, expect, it } from 'vitest';
import { kinds } from '../alerts/engine-fixture.ts';
import { RecordingSink } from '../alerts/recording-sink.ts';
import { whenSettled } from '../alerts/wait.ts';
import { runConsoleLines, type Stack, startStack } from './harness.ts';

/**
 * The same behaviour from either status source: the status files on this machine, or the HTTP
 * Data API alone (the emulator's files on a folder the bot is not given). Every case runs twice.
 */

const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 10 },
  { id: 3, name: 'Help Desk', max: 4 },
];
const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
alerts:
  probeInterval: 100ms
  staleAfter: 2s
  rules:
    - { name: lobby-busy, roomUsers: 3, margin: 1, rooms: [Lobby], channels: { slack: C0LOBBY01 } }
    - { name: down, serverDown: true, channels: { slack: C0OPS0001 } }
`;

const stacks: Stack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  async function start(): Promise<Stack> {
    const stack = await startStack(CONFIG, ROOMS, undefined, undefined, source);
    stacks.push(stack);
    const { state } = stack.emulator;
    for (const name of ['zed', 'Amy', 'bob']) state.join('default', 2, name);
    state.join('default', 3, 'hana');
    await stack.emulator.statusFilesWritten();
    return stack;
  }

  it('reads from the source it was told to, and says which', async () => {
    const stack = await start();
    expect(stack.runtime.statusSource.kind).toBe(source);
    expect(stack.runtime.statusSource.why).toContain(source === 'files' ? 'status files' : 'the Data API');
  });

  it('/chat status, rooms, who (sorted) and full give the same answers', async () => {
    const stack = await start();
    const out = await stack.console(['/chat status', '/chat rooms', '/chat who Music', '/chat full 25']);
    expect(out).toMatch(/Connections\s+4/);
    expect(out).toMatch(/Logged in\s+4/);
    expect(out).toMatch(/Rooms\s+3/);
    expect(out).toMatch(/Data age\s+updated \d+ s ago/);
    expect(out).toContain('2 · Music · 3/10');
    expect(out).toContain('3 · Help Desk · 1/4');
    expect(out).toMatch(/Users in Music \(2\):\n\s+Amy\n\s+bob\n\s+zed\n/);
    expect(out).toContain('Rooms at or over 25 %');
  });

  it('a long roster is paged and attached whole', async () => {
    const stack = await start();
    for (let index = 0; index < 90; index += 1)
      stack.emulator.state.join('default', 1, `guest${String(index).padStart(3, '0')}`);
    await stack.emulator.statusFilesWritten();
    const out = await stack.console(['/chat who Lobby']);
    expect(out).toMatch(/Users\s+90\/100/);
    expect(out).toContain('guest000');
    expect(out).toMatch(/room-1-users\.txt/);
  });

  it('an alert fires once at its threshold and recovers once; the history records the rooms', async () => {
    const stack = await start();
    const slack = new RecordingSink('slack');
    const engine = stack.runtime.alerts;
    await engine.start([slack]);
    const lobbySeen = (users: number) =>
      whenSettled(
        engine,
        `Lobby with ${users}`,
        () => (engine.lastObservation()?.roomUsers?.get(1) ?? 0) === users,
      );
    const { state } = stack.emulator;
    for (const name of ['a1', 'a2']) state.join('default', 1, name);
    await stack.emulator.statusFilesWritten();
    await lobbySeen(2);
    expect(slack.titles()).toEqual([]);
    state.join('default', 1, 'a3');
    await stack.emulator.statusFilesWritten();
    await lobbySeen(3);
    expect(slack.titles()).toEqual(['Lobby (1) has 3 users (threshold 3)']);
    for (const name of ['a3', 'a2']) state.leave('default', 1, name);
    await stack.emulator.statusFilesWritten();
    await lobbySeen(1);
    expect(kinds(slack)).toEqual(['alert', 'recovery']);

    await stack.runtime.recorder?.sampleNow();
    // The alerts' log lines go to the report the console check counts as problems: read directly.
    const out = await runConsoleLines(stack.runtime, stack.folder, ['/chat stats Music 1h']);
    expect(out).toMatch(/Latest\s+3/);
  });
});

describe('the chat server gone, read over the Data API only', () => {
  it('posts serverDown, and /chat status shows the last good totals with their age and what failed', async () => {
    const stack = await startStack(CONFIG, ROOMS, undefined, undefined, 'dataApi');
    stacks.push(stack);
    const slack = new RecordingSink('slack');
    const engine = stack.runtime.alerts;
    await engine.start([slack]);
    await runConsoleLines(stack.runtime, stack.folder, ['/chat status']);
    await stack.emulator.stop();
    await whenSettled(engine, 'serverDown', () => kinds(slack).includes('alert'), 8000);
    expect(slack.posts.map((post) => post.channelId)).toEqual(['C0OPS0001']);
    expect(slack.titles()[0]).toMatch(/group default/);
    const out = await runConsoleLines(stack.runtime, stack.folder, ['/chat status']);
    // The last good totals, with their age and what failed.
    expect(out).toMatch(/Data age\s+updated \d+ s ago \(last good answer: the Data API at .* is unreachable/);
  });
});
