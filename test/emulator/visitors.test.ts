import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatState } from '../../src/emulator/chat-state.ts';
import { createPrng, pickWeighted } from '../../src/emulator/prng.ts';
import { DEFAULT_ROOM_SETTINGS } from '../../src/emulator/room.ts';
import {
  applyVisitorEvent,
  isGuestName,
  nextVisitorEvent,
  sceneOf,
  type VisitorEvent,
} from '../../src/emulator/visitors.ts';
import { startTestEmulator, type TestEmulator } from './harness.ts';

function smallChat(): ChatState {
  const state = new ChatState(['default']);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Tiny', max: 2 }, 1);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Small', max: 3 }, 2);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Members', max: 50, guestsAllowed: false }, 3);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Closed', open: false }, 4);
  state.addRoom('default', { ...DEFAULT_ROOM_SETTINGS, name: 'Locked', password: 'secret' }, 5);
  return state;
}

function run(
  seed: number,
  steps: number,
  check?: (state: ChatState) => void,
): { events: VisitorEvent[]; state: ChatState } {
  const state = smallChat();
  const prng = createPrng(seed);
  const events: VisitorEvent[] = [];
  for (let step = 0; step < steps; step += 1) {
    const event = nextVisitorEvent(sceneOf(state), prng);
    if (event === undefined) continue;
    applyVisitorEvent(state, event);
    events.push(event);
    check?.(state);
  }
  return { events, state };
}

describe('the seeded PRNG', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createPrng(seed));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    for (const value of draw(3)) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of draw(3)) expect(value).toBeLessThan(1);
  });

  it('never picks a key whose weight is 0', () => {
    const prng = createPrng(9);
    for (let draw = 0; draw < 200; draw += 1) expect(pickWeighted(prng, { a: 0, b: 1, c: 0 })).toBe('b');
    expect(pickWeighted(prng, { a: 0 })).toBeUndefined();
  });
});

describe('simulated visitors', () => {
  it('do the same things for the same seed, other things for another seed', () => {
    const first = run(42, 600).events;
    expect(first.length).toBe(600);
    expect(run(42, 600).events).toEqual(first);
    expect(run(43, 600).events).not.toEqual(first);
    expect(new Set(first.map((event) => event.kind))).toEqual(
      new Set(['connect', 'login', 'join', 'leave', 'disconnect']),
    );
  });

  it('respect room capacity and keep every count consistent, step after step', () => {
    const peak = new Map<number, number>();
    run(7, 3000, (state) => {
      const counts = state.counts('default');
      const users = state.onlineUsers('default');
      expect(counts.loggedIn).toBe(users.length);
      expect(counts.connections).toBeGreaterThanOrEqual(counts.loggedIn);
      for (const room of state.rooms('default')) {
        const inRoom = state.roomUsers('default', room.id);
        expect(inRoom.length).toBeLessThanOrEqual(room.max);
        expect(
          users
            .filter((user) => user.roomId === room.id)
            .map((user) => user.name)
            .sort(),
        ).toEqual([...inRoom].sort());
        peak.set(room.id, Math.max(peak.get(room.id) ?? 0, inRoom.length));
      }
    });
    // The tiny rooms did fill up, so the capacity check was really exercised.
    expect(peak.get(1)).toBe(2);
    expect(peak.get(2)).toBe(3);
  });

  it('go only where a visitor could: no closed or locked room, no guest in a members-only room', () => {
    let membersSeen = 0;
    run(11, 3000, (state) => {
      expect(state.roomUsers('default', 4)).toEqual([]);
      expect(state.roomUsers('default', 5)).toEqual([]);
      const members = state.roomUsers('default', 3);
      expect(members.filter(isGuestName)).toEqual([]);
      membersSeen = Math.max(membersSeen, members.length);
    });
    expect(membersSeen).toBeGreaterThan(0);
  });

  it('use plausible, unique names', () => {
    const { events } = run(5, 1500);
    const names = events.flatMap((event) => (event.kind === 'login' ? [event.user] : []));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(name).toMatch(/^([a-z]+|guest_[0-9]{4,})$/);
  });

  it('do nothing in a stopped group', () => {
    const state = smallChat();
    state.stopGroup('default');
    expect(nextVisitorEvent(sceneOf(state), createPrng(1))).toBeUndefined();
  });
});

describe('the simulation in a running emulator', () => {
  let chat: TestEmulator | undefined;

  afterEach(async () => {
    vi.useRealTimers();
    await chat?.close();
  });

  it('brings visitors on its timer and stops with the emulator', async () => {
    // The simulation's timer is the emulator's only interval: faked, it runs on the test's clock
    // (sockets and file writes keep real time).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    chat = await startTestEmulator({ simulate: { seed: 3, eventsPerSecond: 400 } });
    const { state } = chat.emulator;
    expect(vi.getTimerCount()).toBe(1);
    for (let tick = 0; tick < 100 && state.counts('default').loggedIn < 5; tick += 1)
      vi.advanceTimersByTime(20);
    expect(state.counts('default').loggedIn).toBeGreaterThanOrEqual(5);
    await chat.emulator.statusFilesWritten();
    const counts = state.counts('default');
    expect(await chat.readFile('online.txt')).toBe(`${counts.connections}|${counts.loggedIn}|4\n`);

    await chat.emulator.stop();
    // Stopped: its timer is gone, and a minute more on the clock brings nobody.
    expect(vi.getTimerCount()).toBe(0);
    const frozen = JSON.stringify(state.connections('default'));
    vi.advanceTimersByTime(60_000);
    expect(JSON.stringify(state.connections('default'))).toBe(frozen);
  });
});
