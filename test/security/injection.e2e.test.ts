import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../adapters/discord/discord-text.ts';
import { escapeSlackText } from '../../adapters/slack/slack-text.ts';
import { waitFor } from '../alerts/wait.ts';
import { runConsoleLines } from '../e2e/harness.ts';
import {
  ALERTS_CHANNEL,
  type DiscordStack,
  buttonsOf as discordButtonsOf,
  GUILD_ID,
  isCallback,
  isEditOriginal,
  isFollowUp,
  MEMBERS,
  startDiscordStack,
  textOf,
} from '../helpers/discord-stack.ts';
import type { ChatInputSpec } from '../helpers/discord-stand-in.ts';
import {
  actingCharacters,
  carriesMessage,
  mentionProblems,
  slackMarkupProblems,
} from '../helpers/inert-payloads.ts';
import {
  ADMIN,
  buttonsOf,
  escapedMessageText,
  messageText,
  type SlackTestApp,
  startSlackTestApp,
} from '../helpers/slack-test-app.ts';

/**
 * Nothing pings or links that nobody meant. Slack markup, Discord mentions and a masked link
 * (with an entity typed as text, to catch escaping done twice) are fed in the three ways chat
 * data reaches the bot: a broadcast's text, a room name from the Data API, and a nickname in a
 * room's status file. They are rendered by the real Bolt app and the real discord.js Client, an
 * occupancy alert for that room is posted on both, and then every payload either stand-in
 * received is checked: no Slack markup unescaped anywhere, allowed_mentions empty on every
 * Discord message. The console gets control characters the same three ways.
 */

const INJECTION =
  '<!channel> <!here> <!everyone> <@U123> <#C1|x> <http://evil|ok> @everyone @here <@&222> &amp; [ok](http://evil)';
const EVIL_ROOM = 7;
const EVIL_ROOM_NAME = `Evil ${INJECTION}`;
const EVIL_NICK = `Nick ${INJECTION}`;
/**
 * What a terminal would act on: a colour change, a title change ended by BEL, a C1 CSI that
 * clears the screen. A nickname in a status file can carry them all.
 */
const CONTROLS = '\u001b[31m\u001b]0;owned\u0007fake\u009b2J';
/** The same as the terminal should show it. */
const CONTROLS_SHOWN = '\\x1b[31m\\x1b]0;owned\\x07fake\\x9b2J';
/**
 * What XML can carry of them (a room name from the Data API, a broadcast sent through the Server
 * API): CR to overwrite the line, a C1 CSI, DEL, a right-to-left override.
 */
const XML_CONTROLS = '\r\u009b2J\u007f\u202efake';
const XML_CONTROLS_SHOWN = '\\x0d\\x9b2J\\x7f\\u202efake';
const CONTROL_ROOM = 8;

const CONFIG = `
roles:
  admin: { allow: ["*"] }
bindings:
  console: { role: admin }
  slack: { users: { U0ADMIN: admin } }
  discord:
    users: { "${MEMBERS.admin.id}": admin }
    guilds: ["${GUILD_ID}"]
alerts:
  probeInterval: 1h
  staleAfter: off
  rules:
    - name: evil-busy
      roomUsers: 3
      margin: 1
      rooms: [${EVIL_ROOM}]
      attachChart: true
      channels: { slack: C0ALERTS, discord: "${ALERTS_CHANNEL}" }
`;

let discord: DiscordStack;
let slack: SlackTestApp;

/** As Slack delivers what the user typed: `&`, `<` and `>` as entities. */
const typedInSlack = (text: string) => escapeSlackText(text);

async function runDiscord(spec: Omit<ChatInputSpec, 'by'>) {
  const handle = discord.standIn.chatInput({ by: MEMBERS.admin, ...spec });
  const answer = await discord.standIn.waitForRequest(
    handle,
    (request) => isEditOriginal(request) || isFollowUp(request),
  );
  return { handle, answer };
}

// Every case from either status source: the status files, or the Data API alone (a nickname only a
// status file can carry: from the files only).
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    discord = await startDiscordStack({
      config: CONFIG,
      rooms: [
        { id: 1, name: 'Lobby', max: 100 },
        { id: EVIL_ROOM, name: EVIL_ROOM_NAME, max: 10 },
        { id: CONTROL_ROOM, name: `Ctl ${XML_CONTROLS}`, max: 10 },
      ],
      source,
    });
    slack = await startSlackTestApp(discord.stack.runtime.core, { uploadAttachments: true });
    const { emulator } = discord.stack;
    emulator.state.join('default', EVIL_ROOM, EVIL_NICK);
    await emulator.statusFilesWritten();
    // The emulator takes only names XML can carry; the real server writes whatever name it got.
    // Nobody is in the room, so the emulator has no reason to write its file again. Only a status
    // file can carry such a name: the Data API's XML cannot, so a bot reading it never sees one.
    if (source === 'files')
      await writeFile(
        join(discord.stack.folder, 'data', 'default', `room_${CONTROL_ROOM}.txt`),
        `nick ${CONTROLS}\n`,
      );
    await discord.stack.runtime.alerts.start([slack.adapter.alertSink, discord.adapter.alertSink]);
  }, 30_000);
  afterAll(async () => {
    await slack?.close();
    await discord?.close();
  });

  describe('Slack: what users and the chat server wrote is shown as typed, and inert', () => {
    it('a broadcast of Slack markup reaches the chat server as typed; the channel sees it escaped once', async () => {
      const answer = await slack.run(`broadcast ${typedInSlack(INJECTION)}`, ADMIN);
      const sent = discord.stack.emulator.acceptedCommands.findLast(
        (command) => command.type === 'broadcast',
      );
      expect(sent?.params.msg).toBe(INJECTION);
      expect(answer.response_type).toBe('in_channel');
      expect(slackMarkupProblems(answer)).toEqual([]);
      // Slack shows each entity as its character: exactly what was typed, `&amp;` included.
      expect(messageText(answer)).toContain(INJECTION);
      expect(answer.text).toBe(`Broadcast sent — ${escapeSlackText(INJECTION)}`);
    });

    it('a room name from the Data API, in the room list, a roster title and a confirm dialog', async () => {
      const rooms = await slack.run('rooms', ADMIN);
      expect(messageText(rooms)).toContain(`${EVIL_ROOM} · ${EVIL_ROOM_NAME}`);
      const prompt = await slack.run(`room delete ${EVIL_ROOM}`, ADMIN);
      const [confirm, cancel] = buttonsOf(prompt);
      const dialog = confirm?.confirm as { text?: { text?: string } } | undefined;
      expect(dialog?.text?.text).toContain(escapeSlackText(`"${EVIL_ROOM_NAME}" (${EVIL_ROOM})`));
      if (!cancel?.action_id) throw new Error(`no Cancel button: ${messageText(prompt)}`);
      const { responseUrl } = await slack.click(cancel.action_id, ADMIN);
      const [cancelled] = await slack.api.waitForResponses(responseUrl);
      expect(messageText(cancelled ?? {})).toContain('Cancelled');
      expect(discord.stack.emulator.state.room('default', EVIL_ROOM)).toBeDefined();
      for (const message of [rooms, prompt, cancelled]) expect(slackMarkupProblems(message)).toEqual([]);
    });

    it('a nickname from the room’s status file, in the roster', async () => {
      const who = await slack.run(`who #${EVIL_ROOM}`, ADMIN);
      expect(messageText(who)).toContain(`*Users in ${EVIL_ROOM_NAME} (${EVIL_ROOM})*`);
      expect(messageText(who)).toContain(EVIL_NICK);
      expect(escapedMessageText(who)).not.toContain(INJECTION);
      expect(slackMarkupProblems(who)).toEqual([]);
    });

    it('a chart of that room: its file title and alt text are escaped too', async () => {
      const before = slack.api.callsTo('files.getUploadURLExternal').length;
      const stats = await slack.run(`stats #${EVIL_ROOM} 1h`, ADMIN);
      expect(slackMarkupProblems(stats)).toEqual([]);
      const upload = slack.api.callsTo('files.getUploadURLExternal').slice(before);
      expect(upload).toHaveLength(1);
      expect(String(upload[0]?.params.alt_text)).toContain(escapeSlackText(EVIL_ROOM_NAME));
    });
  });

  describe('Discord: the same text, with mentions off everywhere', () => {
    it('a broadcast: shown as typed (the masked link escaped), pinging nobody', async () => {
      const { answer } = await runDiscord({ path: ['broadcast'], options: { message: INJECTION } });
      expect(textOf(answer)).toContain(literal(INJECTION));
      expect(literal(INJECTION)).toContain('\\[ok](http://evil)');
      expect(mentionProblems(answer)).toEqual([]);
    });

    it('the room list, the roster, a confirmation and its cancel, and a chart', async () => {
      const rooms = await runDiscord({ path: ['rooms'] });
      expect(textOf(rooms.answer)).toContain(literal(EVIL_ROOM_NAME));
      const who = await runDiscord({ path: ['who'], options: { room: `#${EVIL_ROOM}` } });
      expect(textOf(who.answer)).toContain(literal(EVIL_NICK));
      const prompt = await runDiscord({ path: ['room', 'delete'], options: { room: `#${EVIL_ROOM}` } });
      expect(textOf(prompt.answer)).toContain(literal(EVIL_ROOM_NAME));
      const message = discord.standIn.originalOf(prompt.handle);
      const cancel = discordButtonsOf(prompt.answer).find((button) => button.label === 'Cancel');
      if (message === undefined || cancel === undefined) throw new Error('no prompt to cancel');
      const clicked = discord.standIn.click({ by: MEMBERS.admin, message, customId: cancel.custom_id });
      const cancelled = await discord.standIn.waitForRequest(clicked, isEditOriginal);
      expect(textOf(cancelled)).toContain('Cancelled');
      const stats = await runDiscord({ path: ['stats'], options: { room: `#${EVIL_ROOM}`, period: '1h' } });
      expect(stats.answer.files).toHaveLength(1);
      for (const { answer } of [rooms, who, prompt, stats]) expect(mentionProblems(answer)).toEqual([]);
      expect(mentionProblems(cancelled)).toEqual([]);
    });

    it('an interaction refused before it reaches the core (an unknown command) pings nobody either', async () => {
      const handle = discord.standIn.chatInput({ by: MEMBERS.admin, path: [], commandName: 'nope' });
      const refusal = await discord.standIn.waitForRequest(handle, isCallback(4));
      expect(mentionProblems(refusal)).toEqual([]);
    });
  });

  describe('an occupancy alert for the room whose name carries the injection', () => {
    it('is posted to both platforms, with its chart, inert', async () => {
      const slackPosts = () =>
        slack.api.callsTo('chat.postMessage').filter((call) => call.params.channel === 'C0ALERTS');
      const discordPosts = () =>
        discord.standIn.requests.filter(
          (request) => request.method === 'POST' && request.path === `/channels/${ALERTS_CHANNEL}/messages`,
        );
      const uploadsBefore = slack.api.callsTo('files.completeUploadExternal').length;
      for (const user of ['ann', 'ben']) discord.stack.emulator.state.join('default', EVIL_ROOM, user);
      await waitFor(
        'the alert on both platforms, with its chart',
        () =>
          slackPosts().length > 0 &&
          discordPosts().length > 0 &&
          slack.api.callsTo('files.completeUploadExternal').length > uploadsBefore,
        15_000,
      );
      const slackAlert = slackPosts()[0]?.params;
      expect(String(slackAlert?.text)).toContain(escapeSlackText(EVIL_ROOM_NAME));
      expect(slackMarkupProblems(slackAlert)).toEqual([]);
      const [discordAlert] = discordPosts();
      if (discordAlert === undefined) throw new Error('no Discord alert');
      expect(textOf(discordAlert)).toContain(literal(EVIL_ROOM_NAME));
      expect(discordAlert.files).toHaveLength(1);
      expect(mentionProblems(discordAlert)).toEqual([]);
    }, 20_000);
  });

  describe('every payload either stand-in received', () => {
    it('Slack: every Web API call and every response_url post has no markup unescaped', () => {
      expect(slack.api.calls.length).toBeGreaterThan(0);
      // The answers above: broadcast, rooms, prompt, cancel, who, stats (and status, below, if run first).
      expect(slack.api.responses.length).toBeGreaterThanOrEqual(6);
      for (const call of slack.api.calls)
        expect(slackMarkupProblems(call.params, call.method), call.method).toEqual([]);
      for (const response of slack.api.responses)
        expect(slackMarkupProblems(response.body, response.path)).toEqual([]);
    });

    it('Discord: every request that can carry a message says allowed_mentions { parse: [] }, and no one to ping', () => {
      const messages = discord.standIn.requests.filter(carriesMessage);
      expect(messages.length).toBeGreaterThanOrEqual(8);
      expect(messages.flatMap(mentionProblems)).toEqual([]);
    });
  });

  describe('the console: control characters from the chat are shown as codes', () => {
    it('in a broadcast, a room name from the Data API, and a user name in the audit log', async () => {
      // A user name the console will read back from the audit log.
      await slack.run('status', { userId: ADMIN.userId, userName: `eve ${CONTROLS}` });
      // The console adapter itself, as a pipe would run it (the stack's console() refuses to run
      // once the runtime has reported anything, and the alert above was reported).
      const out = await runConsoleLines(discord.stack.runtime, discord.stack.folder, [
        // Sent: what XML can carry reaches the server, and the answer shows it.
        `broadcast bell ${XML_CONTROLS.replace('\r', '')}`,
        // Refused before it is sent (XML cannot carry ESC): the refusal is shown inert as well.
        `broadcast ring ${CONTROLS}`,
        'rooms',
        'audit 5',
      ]);
      expect(actingCharacters(out)).toEqual([]);
      expect(out).toContain(`bell ${XML_CONTROLS_SHOWN.replace('\\x0d', '')}`);
      expect(out).toContain(`${CONTROL_ROOM} · Ctl ${XML_CONTROLS_SHOWN}`);
      expect(out).toContain(`eve ${CONTROLS_SHOWN} (${ADMIN.userId})`);
      const sent = discord.stack.emulator.acceptedCommands.findLast(
        (command) => command.type === 'broadcast',
      );
      expect(sent?.params.msg).toBe(`bell ${XML_CONTROLS.replace('\r', '')}`);
    });

    // Only a status file can carry these (the Data API's XML cannot): the files only.
    it.runIf(source === 'files')('in a nickname in a room’s status file', async () => {
      const out = await runConsoleLines(discord.stack.runtime, discord.stack.folder, [
        `who #${CONTROL_ROOM}`,
      ]);
      expect(actingCharacters(out)).toEqual([]);
      expect(out).toContain(`nick ${CONTROLS_SHOWN}`);
    });
  });
});
