import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from '../../e2e/harness.ts';
import { randomTriggerId } from '../../helpers/slack-requests.ts';
import {
  ADMIN,
  buttonsOf,
  messageText,
  OTHER_ADMIN,
  promptButtons,
  SIGNING_SECRET,
  type SlackTestApp,
  startSlackTestApp,
} from '../../helpers/slack-test-app.ts';

const CONFIRM_TIMEOUT_MS = 400;

let stack: Stack;
let slack: SlackTestApp;
beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG, undefined, CONFIRM_TIMEOUT_MS);
  slack = await startSlackTestApp(stack.runtime.core);
});
afterAll(async () => {
  await slack?.close();
  await stack?.close();
});

const deletions = () =>
  stack.emulator.acceptedCommands.filter((command) => command.type === 'del_room').length;

let roomsAdded = 0;

/**
 * Adds a room and asks to delete it; resolves with the room id and the confirmation id of the
 * buttons. Each room has a name of its own: adding a name another room has asks first.
 */
async function askToDelete(): Promise<{ roomId: number; confirmationId: string }> {
  roomsAdded += 1;
  const name = roomsAdded === 1 ? 'Doomed' : `Doomed ${roomsAdded}`;
  const added = await slack.run(`room add "${name}"`, ADMIN);
  const roomId = Number(new RegExp(`Room added: ${name} \\((\\d+)\\)`).exec(messageText(added))?.[1]);
  const prompt = await slack.run(`room delete ${roomId}`, ADMIN);
  const { confirm, cancel, confirmationId } = promptButtons(prompt);
  if (!confirm || !confirmationId) throw new Error(`no Confirm button: ${messageText(prompt)}`);
  expect(buttonsOf(prompt)).toEqual([confirm, cancel]);
  expect(cancel?.action_id).toBe(`fc:cancel:${confirmationId}`);
  return { roomId, confirmationId };
}

async function click(answer: 'confirm' | 'cancel', confirmationId: string, user = ADMIN) {
  const { ack, responseUrl } = await slack.click(`fc:${answer}:${confirmationId}`, user);
  expect(ack).toMatchObject({ status: 200, text: '' });
  return responseUrl;
}

describe('confirmation through block_actions', () => {
  it('the user who asked confirms: the prompt goes, the result is posted, the room is deleted', async () => {
    const { roomId, confirmationId } = await askToDelete();
    const before = deletions();
    const answers = await slack.api.waitForResponses(await click('confirm', confirmationId), 2);
    expect(answers[0]).toEqual({ delete_original: true });
    expect(answers[1]).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(messageText(answers[1] ?? {})).toContain(`Room deleted: Doomed (${roomId})`);
    expect(deletions()).toBe(before + 1);
    expect(stack.emulator.state.room('default', roomId)).toBeUndefined();
  });

  it('another user is refused, privately, and the prompt stays for its owner', async () => {
    const { roomId, confirmationId } = await askToDelete();
    const [refusal] = await slack.api.waitForResponses(await click('confirm', confirmationId, OTHER_ADMIN));
    expect(refusal).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(messageText(refusal ?? {})).toContain('Only the person who ran this command can confirm it.');
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();

    const answers = await slack.api.waitForResponses(await click('confirm', confirmationId), 2);
    expect(messageText(answers[1] ?? {})).toContain('Room deleted');
  });

  it('a repeated click is refused and changes nothing more', async () => {
    const { confirmationId } = await askToDelete();
    await slack.api.waitForResponses(await click('confirm', confirmationId), 2);
    const before = deletions();
    const [again] = await slack.api.waitForResponses(await click('confirm', confirmationId));
    expect(messageText(again ?? {})).toContain('This confirmation was already answered or is unknown.');
    expect(again?.replace_original).toBe(true);
    expect(deletions()).toBe(before);
  });

  it('a late click is refused and the room stays', async () => {
    const { roomId, confirmationId } = await askToDelete();
    await sleep(CONFIRM_TIMEOUT_MS + 100);
    const [late] = await slack.api.waitForResponses(await click('confirm', confirmationId));
    expect(messageText(late ?? {})).toContain(
      'This confirmation expired after 400 ms. Run the command again.',
    );
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();
  });

  it('Cancel by the owner replaces the prompt with "Cancelled"', async () => {
    const { roomId, confirmationId } = await askToDelete();
    const [cancelled] = await slack.api.waitForResponses(await click('cancel', confirmationId));
    expect(cancelled).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(messageText(cancelled ?? {})).toContain('Cancelled: nothing was changed.');
    expect(buttonsOf(cancelled ?? {})).toEqual([]);
    expect(stack.emulator.state.room('default', roomId)).toBeDefined();
  });

  it('a redelivered click runs once', async () => {
    const { confirmationId } = await askToDelete();
    const before = deletions();
    const triggerId = randomTriggerId();
    const first = await slack.click(`fc:confirm:${confirmationId}`, ADMIN, {
      secret: SIGNING_SECRET,
      triggerId,
    });
    const retry = await slack.click(`fc:confirm:${confirmationId}`, ADMIN, {
      secret: SIGNING_SECRET,
      triggerId,
      retryNum: 1,
    });
    expect(retry.ack.status).toBe(200);
    await slack.api.waitForResponses(first.responseUrl, 2);
    // The redelivery is dropped as it is read, before anything runs for it, and logged then.
    const dropped = `Slack: a redelivered fc:confirm:${confirmationId} click from ${ADMIN.userId} was dropped.`;
    await vi.waitFor(() => expect(slack.logs).toContain(dropped));
    expect(slack.api.responsesAt(retry.responseUrl)).toEqual([]);
    expect(deletions()).toBe(before + 1);
  });
});
