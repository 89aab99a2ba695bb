import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_METHODS_USED } from '../../../adapters/slack/slack-methods.ts';
import { ADMIN_CONFIG, API_PASSWORD, type Stack, startStack } from '../../e2e/harness.ts';
import { auditChainLines } from '../../helpers/audit-chain.ts';
import {
  ADMIN,
  buttonsOf,
  messageText,
  promptButtons,
  SECRETS,
  type SlackTestApp,
  startSlackTestApp,
  VIEWER,
} from '../../helpers/slack-test-app.ts';

const ROOMS = [
  { id: 1, name: 'Lobby', max: 100 },
  { id: 2, name: 'Music', max: 50 },
  { id: 9, name: 'Attic', max: 2 },
];

let stack: Stack;
let slack: SlackTestApp;

const lastCommand = () => stack.emulator.acceptedCommands.at(-1);

/** Runs a destructive command and clicks Confirm as the same user; resolves with the answer. */
async function confirmed(text: string) {
  const prompt = await slack.run(text, ADMIN);
  const { confirm } = promptButtons(prompt);
  if (!confirm?.action_id) throw new Error(`no Confirm button: ${messageText(prompt)}`);
  const { ack, responseUrl } = await slack.click(confirm.action_id, ADMIN);
  expect(ack.status).toBe(200);
  return { prompt, answers: await slack.api.waitForResponses(responseUrl, 2) };
}

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    stack = await startStack(ADMIN_CONFIG, ROOMS, undefined, undefined, source);
    for (const user of ['zed', 'Alice', 'bob', 'Émile', 'carl'])
      stack.emulator.state.join('default', 1, user);
    await stack.emulator.statusFilesWritten();
    slack = await startSlackTestApp(stack.runtime.core);
  });
  afterAll(async () => {
    await slack?.close();
    await stack?.close();
  });

  describe('every operation from Slack, end to end against the emulator', () => {
    it('status: the answer reaches the response_url, ephemeral, with the numbers of online.txt', async () => {
      const counts = stack.emulator.state.counts('default');
      const answer = await slack.run('status', ADMIN);
      expect(answer.response_type).toBe('ephemeral');
      const text = messageText(answer);
      expect(text).toContain('Chat server status (group default)');
      expect(text).toContain(`*Connections*\n${counts.connections}`);
      expect(text).toContain(`*Logged in*\n${counts.loggedIn}`);
      expect(answer.text).toContain('Chat server status');
    });

    it('rooms: id, name and users against capacity', async () => {
      const text = messageText(await slack.run('rooms', ADMIN));
      expect(text).toContain('1 · Lobby · 5/100');
      expect(text).toContain('9 · Attic · 0/2');
    });

    it('who: the names sorted, one per line', async () => {
      const text = messageText(await slack.run('who lobby', ADMIN));
      expect(text).toContain('Who is in Lobby (1)');
      expect(text).toContain('Alice\nbob\ncarl\nÉmile\nzed');
    });

    it('broadcast: the message reaches the server as typed (entities decoded) and is shown in the channel', async () => {
      const answer = await slack.run('broadcast Tonight: &lt;b&gt;quiz&lt;/b&gt; &amp; "prizes"', ADMIN);
      expect(lastCommand()).toMatchObject({
        type: 'broadcast',
        params: { userid: 'ada', msg: 'Tonight: <b>quiz</b> & "prizes"' },
      });
      expect(answer.response_type).toBe('in_channel');
      expect(messageText(answer)).toContain('Broadcast sent');
    });

    it('pm: options mapped to the wire', async () => {
      await slack.run('pm Alice bold=on color=#ff0000 Please keep it friendly', ADMIN);
      expect(lastCommand()).toMatchObject({
        type: 'private_message',
        params: { dest_uid: 'Alice', msg: 'Please keep it friendly', b: '1', color: '0xFF0000' },
      });
    });

    it('room add and room edit: the wire names, the answer in the channel', async () => {
      const added = await slack.run(
        'room add "Test Room" max=200 password=secret welcome="Hi &amp; welcome"',
        ADMIN,
      );
      expect(lastCommand()).toMatchObject({
        type: 'add_room',
        params: { name: 'Test Room', max: '200', pwd: 'secret', wm: 'Hi & welcome' },
      });
      expect(added.response_type).toBe('in_channel');
      expect(messageText(added)).not.toContain('secret');
      const edited = await slack.run('room edit Music name="Music &amp; Chill" max=60', ADMIN);
      expect(lastCommand()).toMatchObject({
        type: 'edit_room',
        params: { roomid: '2', name: 'Music & Chill' },
      });
      expect(messageText(edited)).toContain('Room changed: Music & Chill (2)');
    });

    it('room delete: a Confirm button (danger, with a confirm dialog) and Cancel; confirmed, the room goes', async () => {
      const before = stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room').length;
      const { prompt, answers } = await confirmed('room delete Attic');
      expect(prompt.response_type).toBe('ephemeral');
      expect(messageText(prompt)).toContain('Delete room "Attic" (9)? Everyone in it leaves the room.');
      const [confirm, cancel] = buttonsOf(prompt);
      const { confirmationId } = promptButtons(prompt);
      expect(confirm).toMatchObject({ action_id: `fc:confirm:${confirmationId}`, style: 'danger' });
      expect(confirm?.confirm).toMatchObject({
        title: { type: 'plain_text', text: 'Confirm: /chat room delete' },
        text: { type: 'plain_text', text: 'Delete room "Attic" (9)? Everyone in it leaves the room.' },
        confirm: { type: 'plain_text', text: 'Confirm' },
        deny: { type: 'plain_text', text: 'Cancel' },
      });
      expect(cancel).toMatchObject({ action_id: `fc:cancel:${confirmationId}` });
      // The owner's answer takes the prompt's place: the prompt goes, the result is posted in the channel.
      expect(answers[0]).toEqual({ delete_original: true });
      expect(answers[1]?.response_type).toBe('in_channel');
      expect(messageText(answers[1] ?? {})).toContain('Room deleted: Attic (9)');
      expect(stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room')).toHaveLength(
        before + 1,
      );
      expect(stack.emulator.state.room('default', 9)).toBeUndefined();
    });

    it('group stop and start: stop asks first, start does not', async () => {
      const { answers } = await confirmed('group stop');
      expect(messageText(answers[1] ?? {})).toContain('Group default stopped');
      expect(stack.emulator.state.isRunning('default')).toBe(false);
      const started = await slack.run('group start', ADMIN);
      expect(messageText(started)).toContain('Group default started');
      expect(stack.emulator.state.isRunning('default')).toBe(true);
      expect(lastCommand()?.type).toBe('start_group');
    });

    it('help: what the caller may run, for a viewer only the viewer operations', async () => {
      const admin = messageText(await slack.run('help', ADMIN));
      expect(admin).toContain('/chat room delete <room>');
      const viewer = messageText(await slack.run('help', VIEWER));
      expect(viewer).toContain('/chat who <room>');
      expect(viewer).not.toContain('/chat room delete');
    });

    it('help room add: more than ten options become several field sections', async () => {
      const answer = await slack.run('help room add', ADMIN);
      const sections = (answer.blocks as { type: string; fields?: unknown[] }[]).filter(
        (block) => block.fields,
      );
      expect(sections.length).toBeGreaterThanOrEqual(2);
      for (const section of sections) expect(section.fields?.length).toBeLessThanOrEqual(10);
      expect(messageText(answer)).toContain('*hours="day2 00:00-10:00"*');
    });

    it('audit: the Slack requests are audited with the Slack user and team', async () => {
      const text = messageText(await slack.run('audit 3', ADMIN));
      expect(text).toContain('Audit log: last 3 entries');
      expect(text).toMatch(/slack · ada \(U0ADMIN\) · help · allowed\/ok/);
    });

    it('a denial is private and names the roles needed; nothing reaches the server', async () => {
      const before = stack.emulator.acceptedCommands.length;
      const answer = await slack.run('broadcast hi', VIEWER);
      expect(answer.response_type).toBe('ephemeral');
      expect(messageText(answer)).toContain('You may not run "broadcast"');
      expect(stack.emulator.acceptedCommands.length).toBe(before);
    });

    it('every Web API method called is in SLACK_METHODS_USED; every call carried the bot token', () => {
      for (const call of slack.api.calls) {
        expect(Object.keys(SLACK_METHODS_USED)).toContain(call.method);
        expect(call.authorization).toMatch(/^Bearer xoxb-/);
      }
    });

    it('no secret in the logs, the answers or the audit chain', async () => {
      const seen = [
        ...slack.logs,
        ...slack.api.responses.map((response) => JSON.stringify(response.body)),
        ...(await auditChainLines(stack.runtime)),
      ].join('\n');
      for (const secret of [...SECRETS, API_PASSWORD]) expect(seen).not.toContain(secret);
    });
  });
});
