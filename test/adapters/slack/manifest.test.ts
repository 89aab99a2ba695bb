import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  SLACK_APP_TOKEN_METHODS,
  SLACK_BOT_EVENTS,
  SLACK_BOT_SCOPES,
  SLACK_COMMAND,
  SLACK_EVENTS_PATH,
  SLACK_METHODS_USED,
} from '../../../adapters/slack/slack-methods.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const requestUrl = z.url({ protocol: /^https$/ });

// The parts of Slack's manifest schema this app uses, with Slack's length limits.
const manifestSchema = z.object({
  _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int() }),
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().max(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    long_description: z.string().min(174).max(4000),
  }),
  features: z.object({
    app_home: z.object({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.literal(true),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.object({ display_name: z.string().regex(/^[a-z0-9._-]{1,80}$/), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.object({
          command: z.string().max(32),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000),
          url: requestUrl,
          should_escape: z.boolean(),
        }),
      )
      .length(1),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: requestUrl, bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true), request_url: requestUrl }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.literal(false),
  }),
});

async function readManifest() {
  return manifestSchema.parse(parse(await readFile(join(ROOT, 'manifest.yml'), 'utf8')));
}

describe('manifest.yml', () => {
  it('parses as a Slack app manifest, within Slack’s limits', async () => {
    await expect(readManifest()).resolves.toBeDefined();
  });

  it('requests exactly the bot scopes the code uses, and every method called is covered', async () => {
    const scopes = (await readManifest()).oauth_config.scopes.bot;
    expect([...scopes].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    for (const [method, scope] of Object.entries(SLACK_METHODS_USED)) {
      if (scope !== null) expect(scopes, `${method} needs ${scope}`).toContain(scope);
    }
    expect(scopes).toContain('commands');
  });

  it('declares the /chat command, the events and interactivity on the path the app serves', async () => {
    const manifest = await readManifest();
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe(SLACK_COMMAND);
    expect(command?.should_escape).toBe(true);
    for (const url of [
      command?.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ])
      expect(new URL(url ?? '').pathname).toBe(SLACK_EVENTS_PATH);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...SLACK_BOT_EVENTS].sort(),
    );
  });

  it('SLACK_METHODS_USED lists every Web API method the adapter’s source calls', async () => {
    const folder = join(ROOT, 'adapters', 'slack');
    const called = new Set<string>();
    for (const file of await readdir(folder)) {
      if (!file.endsWith('.ts')) continue;
      const source = await readFile(join(folder, file), 'utf8');
      for (const match of source.matchAll(/client\.((?:[a-z]+\.)+[a-zA-Z0-9]+)\(/g))
        if (match[1]) called.add(match[1]);
    }
    // files.uploadV2 is files.getUploadURLExternal, a POST to the URL it gives, and files.completeUploadExternal.
    const expanded = [...called].flatMap((method) =>
      method === 'files.uploadV2' ? ['files.getUploadURLExternal', 'files.completeUploadExternal'] : [method],
    );
    expect(expanded.length).toBeGreaterThanOrEqual(5);
    for (const method of expanded) expect(Object.keys(SLACK_METHODS_USED), method).toContain(method);
    expect(Object.keys(SLACK_APP_TOKEN_METHODS)).toEqual(['apps.connections.open']);
  });
});
