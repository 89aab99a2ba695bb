import { describe, expect, it } from 'vitest';
import { SlackConfigError, slackCredentialsFromEnv } from '../../../adapters/slack/slack-credentials.ts';

const SECRET = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const BOT = 'xoxb-123-456-abcdefABCDEF';
const APP = 'xapp-1-A01-789-abcdef';

function refusal(env: Record<string, string>): string {
  try {
    slackCredentialsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SlackConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('slackCredentialsFromEnv', () => {
  it('Slack is not configured without any credential, whatever SLACK_PORT says (as in .env.example)', () => {
    expect(slackCredentialsFromEnv({})).toBeUndefined();
    expect(
      slackCredentialsFromEnv({
        SLACK_SIGNING_SECRET: '',
        SLACK_BOT_TOKEN: ' ',
        SLACK_APP_TOKEN: '',
        SLACK_PORT: '3000',
      }),
    ).toBeUndefined();
  });

  it('HTTP mode: the signing secret and the bot token; port and API URL when set', () => {
    expect(slackCredentialsFromEnv({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT })).toEqual({
      signingSecret: SECRET,
      botToken: BOT,
    });
    expect(
      slackCredentialsFromEnv({
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: BOT,
        SLACK_PORT: '0',
        SLACK_API_URL: 'https://slack-gov.com/api/',
      }),
    ).toEqual({ signingSecret: SECRET, botToken: BOT, port: 0, apiUrl: 'https://slack-gov.com/api/' });
  });

  it('SLACK_HOST: an IP address or a host name, kept as given; anything else refused without echoing it', () => {
    const base = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT };
    for (const host of ['0.0.0.0', '::', '127.0.0.1', 'localhost', 'proxy-net.internal'])
      expect(slackCredentialsFromEnv({ ...base, SLACK_HOST: host })?.host).toBe(host);
    expect(slackCredentialsFromEnv({ ...base, SLACK_HOST: '' })?.host).toBeUndefined();
    const refused = refusal({ ...base, SLACK_HOST: 'http://0.0.0.0:3000' });
    expect(refused).toMatch(/^SLACK_HOST must be an address to listen on/);
    expect(refused).not.toContain('http://0.0.0.0:3000');
  });

  it('Socket Mode: the app-level token as well', () => {
    expect(
      slackCredentialsFromEnv({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }),
    ).toEqual({ signingSecret: SECRET, botToken: BOT, appToken: APP });
  });

  it('half-configured: the error names the missing variable', () => {
    expect(refusal({ SLACK_SIGNING_SECRET: SECRET })).toMatch(/^SLACK_BOT_TOKEN is not set/);
    expect(refusal({ SLACK_BOT_TOKEN: BOT })).toMatch(/^SLACK_SIGNING_SECRET is not set/);
    expect(refusal({ SLACK_APP_TOKEN: APP })).toMatch(/^SLACK_BOT_TOKEN is not set: .* for Socket Mode/);
  });

  it('a value that cannot be right is refused, naming the variable and never echoing a token', () => {
    const swapped = refusal({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: BOT });
    expect(swapped).toMatch(/^SLACK_BOT_TOKEN does not look like a bot token/);
    expect(swapped).not.toContain(APP);
    const appToken = refusal({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: 'xoxp-user',
    });
    expect(appToken).toMatch(/^SLACK_APP_TOKEN does not look like an app-level token/);
    expect(appToken).not.toContain('xoxp-user');
    expect(refusal({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT, SLACK_PORT: '70000' })).toMatch(
      /^SLACK_PORT must be a port number/,
    );
    expect(refusal({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT, SLACK_API_URL: 'ftp://x' })).toMatch(
      /^SLACK_API_URL must be an http\(s\) URL/,
    );
  });
});
