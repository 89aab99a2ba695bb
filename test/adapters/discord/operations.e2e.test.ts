import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedLimitProblems } from '../../helpers/discord-limits-check.ts';
import type { StoredMessage } from '../../helpers/discord-payloads.ts';
import {
  buttonsOf,
  type DiscordStack,
  EPHEMERAL,
  embedsOf,
  flagsOf,
  isCallback,
  isDeleteOriginal,
  isEditOriginal,
  isFollowUp,
  MEMBERS,
  startDiscordStack,
  textOf,
} from '../../helpers/discord-stack.ts';
import type { InteractionHandle } from '../../helpers/discord-stand-in.ts';

const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
  { id: 3, name: 'Twin', max: 5 },
  { id: 4, name: 'twin', max: 5 },
  { id: 9, name: 'Attic', max: 2 },
];

let discord: DiscordStack;

const accepted = () => discord.stack.emulator.acceptedCommands;
const lastCommand = () => accepted().at(-1);

type Spec = Parameters<DiscordStack['standIn']['chatInput']>[0];

/** Runs `/chat …` and resolves the deferral and the message that carries the answer. */
async function run(spec: Spec) {
  const { standIn } = discord;
  const handle = standIn.chatInput(spec);
  const deferral = await standIn.waitForRequest(handle, isCallback(5));
  const answer = await standIn.waitForRequest(
    handle,
    (request) => isEditOriginal(request) || isFollowUp(request),
  );
  for (const request of standIn.requestsFor(handle))
    expect(embedLimitProblems(embedsOf(request))).toEqual([]);
  return { handle, deferral, answer, ephemeralDeferral: flagsOf(deferral) === EPHEMERAL };
}

/** Clicks a button of the message `handle` answered with (or of an earlier copy of it, as a stale client shows). */
async function click(handle: InteractionHandle, by: Spec['by'], label: string, shown?: StoredMessage) {
  const { standIn } = discord;
  const prompt = shown ?? standIn.originalOf(handle);
  if (prompt === undefined) throw new Error('no prompt');
  const button = buttonsOf(prompt).find((candidate) => candidate.label === label);
  if (button === undefined) throw new Error(`no button ${label}`);
  const clicked = standIn.click({ by, message: prompt, customId: button.custom_id });
  const answer = await standIn.waitForRequest(clicked, isEditOriginal);
  return { clicked, answer, first: standIn.requestsFor(clicked)[0] };
}

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    discord = await startDiscordStack({ rooms: ROOMS, source });
    for (const user of ['zed', 'Alice', 'bob', 'Émile', 'carl'])
      discord.stack.emulator.state.join('default', 1, user);
    await discord.stack.emulator.statusFilesWritten();
  });
  afterAll(async () => discord?.close());

  describe('every operation through INTERACTION_CREATE, against the emulator', () => {
    it('status: deferred ephemeral, then the numbers of online.txt; nothing sent to the server', async () => {
      const before = accepted().length;
      const counts = discord.stack.emulator.state.counts('default');
      const { deferral, answer, ephemeralDeferral } = await run({ by: MEMBERS.admin, path: ['status'] });
      expect(deferral.query).toEqual({ with_response: 'false' });
      expect(ephemeralDeferral).toBe(true);
      const [embed] = embedsOf(answer);
      expect(embed?.title).toBe('Chat server status (group default)');
      expect(embed?.color).toBe(0x5865f2);
      expect(embed?.fields?.slice(0, 3)).toEqual([
        { name: 'Connections', value: String(counts.connections), inline: true },
        { name: 'Logged in', value: String(counts.loggedIn), inline: true },
        { name: 'Rooms', value: String(counts.rooms), inline: true },
      ]);
      expect(accepted().length).toBe(before);
    });

    it('full: the rooms at or over the share given, fullest first', async () => {
      const { answer, ephemeralDeferral } = await run({
        by: MEMBERS.admin,
        path: ['full'],
        options: { percent: 5 },
      });
      expect(ephemeralDeferral).toBe(true);
      const [header, list] = embedsOf(answer);
      expect(header?.title).toBe('Rooms at or over 5 % (group default)');
      expect(list?.description).toContain('1 · Lobby · 5/100');
      expect(list?.description).not.toContain('Attic');
    });

    it('rooms: one line a room, with users against capacity', async () => {
      const { answer, ephemeralDeferral } = await run({ by: MEMBERS.moderator, path: ['rooms'] });
      expect(ephemeralDeferral).toBe(true);
      const [header, list] = embedsOf(answer);
      expect(header?.title).toBe('Rooms (group default)');
      expect(list?.title).toBe('Rooms');
      expect(list?.description).toContain('1 · Lobby · 5/100');
      expect(list?.description).toContain('9 · Attic · 0/2');
    });

    it('who: the room option as autocomplete fills it (#id) and as typed (a name)', async () => {
      const byId = await run({ by: MEMBERS.moderator, path: ['who'], options: { room: '#1' } });
      const byName = await run({ by: MEMBERS.moderator, path: ['who'], options: { room: 'lobby' } });
      for (const { answer } of [byId, byName]) {
        const [header, list] = embedsOf(answer);
        expect(header?.title).toBe('Who is in Lobby (1)');
        expect(header?.fields).toEqual([{ name: 'Users', value: '5/100', inline: true }]);
        expect(list?.title).toBe('Users in Lobby (1)');
        expect(list?.description).toBe('Alice\nbob\ncarl\nÉmile\nzed');
        expect(buttonsOf(answer)).toEqual([]);
      }
    });

    it('who: an ambiguous name is an error, shown only to the caller', async () => {
      const { answer } = await run({ by: MEMBERS.moderator, path: ['who'], options: { room: 'twin' } });
      expect(textOf(answer)).toContain('2 rooms are called "twin"');
      expect(embedsOf(answer)[0]?.color).toBe(0xed4245);
    });

    it('broadcast: a public deferral, the message as typed, sent as the member’s display name', async () => {
      const message = 'Tonight: <b>quiz</b> & "prizes" at 20:00';
      const { answer, ephemeralDeferral } = await run({
        by: MEMBERS.moderator,
        path: ['broadcast'],
        options: { message },
      });
      expect(ephemeralDeferral).toBe(false);
      expect(isEditOriginal(answer)).toBe(true);
      expect(lastCommand()).toMatchObject({ type: 'broadcast', params: { userid: 'Mo', msg: message } });
      expect(textOf(answer)).toBe(`Broadcast sent\n${message}\nFrom\nMo`);
      expect(embedsOf(answer)[0]?.color).toBe(0x57f287);
    });

    it('pm: typed options reach the wire; the private answer replaces the public deferral', async () => {
      const { handle, answer, ephemeralDeferral } = await run({
        by: MEMBERS.chatAdmin,
        path: ['pm'],
        options: {
          user: 'Alice',
          message: 'Please keep it friendly',
          bold: true,
          italic: false,
          color: '#ff0000',
          emoticon: 'e7',
          as: 'Staff',
        },
      });
      expect(ephemeralDeferral).toBe(false);
      expect(
        accepted()
          .filter((command) => command.type === 'private_message')
          .at(-1)?.params,
      ).toEqual({
        dest_uid: 'Alice',
        msg: 'Please keep it friendly',
        emotion: 'e7',
        owner_uid: 'Staff',
        owner_nick: 'Staff',
        b: '1',
        i: '0',
        color: '0xFF0000',
      });
      const kinds = discord.standIn
        .requestsFor(handle)
        .map((request) => `${request.method} ${request.path.split('/')[1]}`);
      expect(kinds).toEqual(['POST interactions', 'DELETE webhooks', 'POST webhooks']);
      expect(discord.standIn.requestsFor(handle).some(isDeleteOriginal)).toBe(true);
      expect(isFollowUp(answer)).toBe(true);
      expect(flagsOf(answer)).toBe(EPHEMERAL);
      expect(embedsOf(answer)[0]?.title).toBe('Private message sent to Alice');
    });

    it('room add: every option typed, mapped to the wire names; the password never shown', async () => {
      const { answer } = await run({
        by: MEMBERS.moderator,
        path: ['room', 'add'],
        options: {
          name: 'Test Room',
          max: 200,
          owner: 'aaa',
          desc: 'room for test',
          password: 'secret',
          guests: false,
          moderated: true,
          open: true,
          display: 'text',
          welcome: 'Hi',
          audio: true,
          video: false,
          whiteboard: true,
          hours: 'day2 00:00-10:00',
        },
      });
      const added = lastCommand();
      expect(added?.type).toBe('add_room');
      expect(added?.params).toEqual({
        name: 'Test Room',
        owner: 'aaa',
        desc: 'room for test',
        max: '200',
        member: 'false',
        pwd: 'secret',
        passallmessage: 'true',
        en: 'true',
        st: '0',
        wm: 'Hi',
        audio: 'true',
        video: 'false',
        wb: 'true',
      });
      expect(added?.schedule).toEqual([{ o: 'day2', s: '00:00:00', e: '10:00:00' }]);
      expect(embedsOf(answer)[0]?.title).toBe(`Room added: Test Room (${added?.result})`);
      expect(flagsOf(answer)).toBe(0);
      expect(embedsOf(answer)[0]?.fields).toContainEqual({ name: 'password', value: '(set)', inline: true });
      expect(JSON.stringify(answer.body)).not.toContain('secret');
    });

    it('room edit: by name, renamed; an edit with nothing to change is refused privately', async () => {
      const renamed = await run({
        by: MEMBERS.moderator,
        path: ['room', 'edit'],
        options: { room: 'Music', name: 'Music & Chill', max: 60 },
      });
      expect(lastCommand()).toMatchObject({
        type: 'edit_room',
        params: { roomid: '2', name: 'Music & Chill', max: '60' },
      });
      expect(embedsOf(renamed.answer)[0]?.title).toBe('Room changed: Music & Chill (2)');

      const before = accepted().length;
      const nothing = await run({ by: MEMBERS.moderator, path: ['room', 'edit'], options: { room: '#2' } });
      expect(isFollowUp(nothing.answer)).toBe(true);
      expect(flagsOf(nothing.answer)).toBe(EPHEMERAL);
      expect(textOf(nothing.answer)).toContain('Nothing to change: give at least one option, e.g. max=300.');
      expect(accepted().length).toBe(before);
    });

    it('room delete: the prompt is ephemeral with Confirm (danger) and Cancel; Cancel keeps the room', async () => {
      const { handle, answer, ephemeralDeferral } = await run({
        by: MEMBERS.chatAdmin,
        path: ['room', 'delete'],
        options: { room: 'Attic' },
      });
      expect(ephemeralDeferral).toBe(true);
      expect(textOf(answer)).toContain(
        'Confirm: /chat room delete\nDelete room "Attic" (9)? Everyone in it leaves the room. Answer within 60 s.',
      );
      const [confirm, cancel] = buttonsOf(answer);
      expect(confirm).toMatchObject({ label: 'Confirm', style: 4 });
      expect(confirm?.custom_id).toMatch(/^fc:confirm:[0-9a-f-]{36}$/);
      expect(cancel).toMatchObject({
        label: 'Cancel',
        style: 2,
        custom_id: confirm?.custom_id.replace('confirm', 'cancel'),
      });

      const cancelled = await click(handle, MEMBERS.chatAdmin, 'Cancel');
      expect(cancelled.first?.body).toEqual({ type: 6 });
      expect(textOf(cancelled.answer)).toContain('Cancelled: nothing was changed.');
      expect(buttonsOf(cancelled.answer)).toEqual([]);
      expect(discord.stack.emulator.state.room('default', 9)).toBeDefined();
    });

    it('room delete: another member’s click is refused to them alone; the invoker’s click deletes, once', async () => {
      const { handle } = await run({
        by: MEMBERS.chatAdmin,
        path: ['room', 'delete'],
        options: { room: '#9' },
      });

      const byOther = await click(handle, MEMBERS.otherAdmin, 'Confirm');
      expect(byOther.first?.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      expect(textOf(byOther.answer)).toContain('Only the person who ran this command can confirm it.');
      expect(discord.stack.emulator.state.room('default', 9)).toBeDefined();
      expect(buttonsOf(discord.standIn.originalOf(handle) ?? byOther.answer)).toHaveLength(2);

      const shown = structuredClone(discord.standIn.originalOf(handle));
      const byOwner = await click(handle, MEMBERS.chatAdmin, 'Confirm');
      expect(byOwner.first?.body).toEqual({ type: 6 });
      expect(textOf(byOwner.answer)).toBe('Room deleted: Attic (9)');
      expect(buttonsOf(byOwner.answer)).toEqual([]);
      const announced = await discord.standIn.waitForRequest(byOwner.clicked, isFollowUp);
      expect(flagsOf(announced)).toBe(0);
      expect(textOf(announced)).toBe('Room deleted: Attic (9)');
      expect(discord.stack.emulator.state.room('default', 9)).toBeUndefined();

      // A second click, from a client that still shows the buttons.
      const again = await click(handle, MEMBERS.chatAdmin, 'Confirm', shown);
      expect(textOf(again.answer)).toContain('This confirmation was already answered or is unknown.');
      expect(accepted().filter((command) => command.type === 'del_room')).toHaveLength(1);
    });

    it('group stop and start: confirmed by the invoker, then started again', async () => {
      const { handle } = await run({ by: MEMBERS.admin, path: ['group', 'stop'] });
      const confirmed = await click(handle, MEMBERS.admin, 'Confirm');
      expect(textOf(confirmed.answer)).toContain('Group default stopped');
      expect(discord.stack.emulator.state.isRunning('default')).toBe(false);

      const started = await run({
        by: MEMBERS.admin,
        path: ['group', 'start'],
        options: { group: 'default' },
      });
      expect(started.ephemeralDeferral).toBe(false);
      expect(embedsOf(started.answer)[0]?.title).toBe('Group default started');
      expect(lastCommand()?.type).toBe('start_group');
      expect(discord.stack.emulator.state.isRunning('default')).toBe(true);
    });

    it('help: what the member may run, and one operation’s options', async () => {
      const all = await run({ by: MEMBERS.moderator, path: ['help'] });
      const list = embedsOf(all.answer)[1]?.description ?? '';
      expect(list).toContain('/chat who <room>');
      expect(list).toContain('/chat room edit <room>');
      expect(list).not.toContain('/chat room delete');
      const one = await run({ by: MEMBERS.moderator, path: ['help'], options: { operation: 'room add' } });
      expect(embedsOf(one.answer)[0]?.title).toBe('/chat room add');
      expect(textOf(one.answer)).toContain('Opening hours');
    });

    it('audit: "/chat audit" is "/chat audit show" on Discord: the last entries, with Discord user names and ids, filtered', async () => {
      const { answer, ephemeralDeferral } = await run({
        by: MEMBERS.admin,
        path: ['audit', 'show'],
        options: { count: 3 },
      });
      expect(ephemeralDeferral).toBe(true);
      expect(embedsOf(answer)[0]?.title).toBe('Audit log: last 3 entries');
      expect(embedsOf(answer)[1]?.description).toMatch(/discord · Mo \(302\) · help · allowed\/ok/);
      const filtered = await run({
        by: MEMBERS.admin,
        path: ['audit', 'show'],
        options: { count: 1, op: 'help', outcome: 'ok', user: 'MO' },
      });
      expect(embedsOf(filtered.answer)[0]?.title).toBe(
        'Audit log: last 1 entries matching user=MO op=help outcome=ok',
      );
      expect(embedsOf(filtered.answer)[1]?.description).toMatch(/discord · Mo \(302\) · help · allowed\/ok/);
    });

    it('audit export: the entries arrive as a JSONL file, privately', async () => {
      const { answer, ephemeralDeferral } = await run({
        by: MEMBERS.admin,
        path: ['audit', 'export'],
        options: { since: '1h' },
      });
      expect(ephemeralDeferral).toBe(true);
      expect(embedsOf(answer)[0]?.title).toMatch(/^Audit log export: \d+ entries since /);
      expect(answer.files).toHaveLength(1);
      const lines = answer.files[0]?.bytes.toString('utf8').trimEnd().split('\n') ?? [];
      expect(answer.files[0]?.name).toMatch(/^audit-since-.*\.jsonl$/);
      expect(lines.map((line) => (JSON.parse(line) as { platform: string }).platform)).toContain('discord');
    });

    it('alerts: "/chat alerts" is "/chat alerts show" on Discord; mute and unmute name a rule', async () => {
      const shown = await run({ by: MEMBERS.admin, path: ['alerts', 'show'] });
      expect(shown.ephemeralDeferral).toBe(true);
      expect(embedsOf(shown.answer)[0]?.title).toBe('No alert rules');
      const muted = await run({
        by: MEMBERS.admin,
        path: ['alerts', 'mute'],
        options: { rule: 'nosuch', duration: '30m' },
      });
      // No rules are configured here: the core's answer, shown privately in red.
      expect(embedsOf(muted.answer)[0]?.title).toBe('Cannot run /chat alerts mute');
      expect(embedsOf(muted.answer)[0]?.color).toBe(0xed4245);
      expect(muted.ephemeralDeferral).toBe(true);
      const unmuted = await run({
        by: MEMBERS.admin,
        path: ['alerts', 'unmute'],
        options: { rule: 'nosuch' },
      });
      expect(embedsOf(unmuted.answer)[0]?.title).toBe('Cannot run /chat alerts unmute');
    });

    it('stats: the chart arrives as a PNG attachment, shown in the embed, privately', async () => {
      const { answer, ephemeralDeferral } = await run({
        by: MEMBERS.admin,
        path: ['stats'],
        options: { room: '#1', period: '1h' },
      });
      expect(ephemeralDeferral).toBe(true);
      expect(embedsOf(answer)[0]?.title).toBe('Occupancy: Lobby (1), last 1 hour');
      expect(answer.files.map((file) => file.name)).toEqual(['occupancy-room-1-1h.png']);
      expect(answer.files[0]?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(embedsOf(answer)[0]?.image?.url).toBe('attachment://occupancy-room-1-1h.png');
    });

    it('every operation of the catalogue was run through Discord in this file', () => {
      const run = new Set(discord.coreCalls.map((call) => call.name));
      const missing = discord.stack.runtime.core.catalogue
        .map((operation) => operation.name)
        .filter((name) => !run.has(name));
      expect(missing).toEqual([]);
    });

    it('the adapter logged no failure and discord.js called nothing the stand-in does not know', () => {
      expect(discord.logs.filter((line) => line.includes('failed'))).toEqual([]);
      expect(discord.standIn.unhandled).toEqual([]);
    });
  });
});
