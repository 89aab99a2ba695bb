import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { ConfigError, parseConfig } from '../../src/config/index.ts';
import { isEditOriginal, MEMBERS, textOf } from '../helpers/discord-stack.ts';
import { messageText } from '../helpers/slack-test-app.ts';
import { LOAD_CONFIG, slackUser } from '../stress/load-runs.ts';
import { guardProcess } from '../stress/process-guard.ts';
import { ALL_SECRETS, type StressStack, startStressStack } from '../stress/stack.ts';
import { scanForSecrets } from './secret-scan.ts';

/**
 * Input the bot does not control, end to end: a chat server (or something on its port) that
 * floods the connection, chat text written to ping everyone, and secrets pasted where they do
 * not belong. (Entity expansion in replies, forged Slack requests and fuzzed command lines are
 * covered in test/protocol, test/adapters/slack and test/fuzz.)
 */

const guard = guardProcess();
let stack: StressStack;
beforeAll(async () => {
  stack = await startStressStack({ config: LOAD_CONFIG, proxy: true, timeoutMs: 3_000 });
  await stack.startSlack();
  await stack.startDiscord();
});
afterAll(async () => stack?.close());

describe('bounded reads', () => {
  it('a peer on the Server API port that answers with megabytes and no end is cut off after 1 MB', async () => {
    const slack = stack.slack;
    if (!slack || !stack.proxy) throw new Error('no Slack or proxy');
    stack.proxy.mode = 'flood';
    const answer = messageText(await slack.run('broadcast are you there?', slackUser(0)));
    stack.proxy.mode = 'pass';
    expect(answer).toContain('/chat broadcast failed');
    // Cut off as soon as the limit passes, not at the reply timeout: had the 3 s timeout come
    // first, the answer would say "did not answer within 3000 ms" instead of naming the limit.
    expect(answer).toContain('sent more than 1048576 bytes without ending its reply');
    expect(answer).not.toContain('did not answer within');
    expect(answer).toContain('The command was sent and may have been applied: check before trying again.');
    expect(stack.proxy.served.flood).toBe(1);
    expect(messageText(await slack.run('broadcast back to normal', slackUser(1)))).toContain(
      'Broadcast sent',
    );
  });
});

describe('chat text written to ping everyone', () => {
  it('a Discord broadcast of "@everyone" and a role mention is shown as typed, with mentions disabled', async () => {
    const discord = stack.discord;
    if (!discord) throw new Error('no Discord');
    const handle = discord.standIn.chatInput({
      by: MEMBERS.admin,
      path: ['broadcast'],
      options: { message: '@everyone <@&222> @here wake up' },
    });
    const answer = await discord.standIn.waitForRequest(handle, isEditOriginal);
    expect(textOf(answer)).toContain('@everyone <@&222> @here wake up');
    expect(answer.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });
});

describe('secrets where they do not belong', () => {
  it('a password or token pasted into chatops.yml is refused at start-up, and the error never shows it', () => {
    const pasted = 'pasted-secret-0f9e8d7c6b5a';
    for (const yaml of [
      `server: { apiPassword: "${pasted}" }\n`,
      `server: { api_pwd: "${pasted}" }\n`,
      `slack: { botToken: "${pasted}" }\n`,
      `discord: { token: "${pasted}" }\n`,
    ]) {
      let message = '';
      try {
        parseConfig(yaml, {
          fileName: 'chatops.yml',
          env: { FLASHCHAT_API_PASSWORD: 'the-real-one' },
          permissionKeys: PERMISSION_KEYS,
          operationNames: OPERATION_NAMES,
        });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/chatops\.yml: [a-z_.A-Z]+: unknown key/);
      expect(message).not.toContain(pasted);
    }
  });
});

describe('afterwards', () => {
  it('the process never went down, and nothing produced holds a secret', async () => {
    expect(guard.unhandledRejections).toEqual([]);
    expect(guard.uncaughtExceptions).toEqual([]);
    expect(scanForSecrets(await stack.produced(), ALL_SECRETS)).toEqual([]);
  });
});
