import { OPERATION_NAMES, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { parseConfig } from '../../src/config/parse-config.ts';

/** The operation catalogue's keys and names, as the app passes them. */

export { OPERATION_NAMES, PERMISSION_KEYS };

export const API_PASSWORD = 'pw-3874-3459-9999-2199';
export const ENV = { FLASHCHAT_API_PASSWORD: API_PASSWORD };

/** The example from the documentation, whole. */
export const EXAMPLE_YAML = `
server: { host: 127.0.0.1, port: 51127, group: default, dataDir: ./data, dataApiUrl: http://127.0.0.1:35555, timeoutMs: 5000, maxConcurrent: 8 }
rooms: { "1": Lobby, "2": Music }
roles:
  viewer:    { allow: [status, rooms, who, help] }
  moderator: { includes: [viewer], allow: [broadcast, pm, room.add, room.edit] }
  admin:     { allow: ["*"] }
bindings:
  slack:   { users: { U0ADMIN: admin }, usergroups: { S0MODS: moderator, "@chat-mods": moderator } }
  discord: { users: { "111": admin }, roles: { "222": moderator, "Chat Admins": admin }, guilds: ["123456"] }
  console: { role: admin }
cooldowns: { broadcast: 10s, pm: 2s }
audit: { path: ./audit.jsonl }
state: { dir: ./state }
replies: { announceChanges: true }
`;

export function parse(yaml: string, env: Record<string, string | undefined> = ENV) {
  return parseConfig(yaml, {
    fileName: 'chatops.yml',
    env,
    permissionKeys: PERMISSION_KEYS,
    operationNames: OPERATION_NAMES,
  });
}

/** The problem lines a config is refused with; fails the test when it is accepted. */
export function problemsOf(yaml: string, env: Record<string, string | undefined> = ENV): readonly string[] {
  try {
    parse(yaml, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}
