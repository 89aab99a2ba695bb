import { describe, expect, it } from 'vitest';
import { DiscordConfigurationError, discordCredentialsFromEnv } from '../../../adapters/discord/index.ts';

const TOKEN = 'MTAwMDAw.secret-part.value';

function failure(env: Record<string, string>): DiscordConfigurationError {
  try {
    discordCredentialsFromEnv(env);
  } catch (error) {
    if (error instanceof DiscordConfigurationError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('Discord settings from the environment', () => {
  it('none set, or set empty as dotenv writes them: Discord is not used', () => {
    expect(discordCredentialsFromEnv({})).toBeUndefined();
    expect(discordCredentialsFromEnv({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: ' ' })).toBeUndefined();
  });

  it('token and application id; guild and API URL when given', () => {
    expect(
      discordCredentialsFromEnv({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '100000000000000001' }),
    ).toEqual({
      token: TOKEN,
      applicationId: '100000000000000001',
    });
    expect(
      discordCredentialsFromEnv({
        DISCORD_TOKEN: `Bot ${TOKEN}`,
        DISCORD_APPLICATION_ID: '100000000000000001',
        DISCORD_GUILD_ID: '123456',
        DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
      }),
    ).toEqual({
      token: TOKEN,
      applicationId: '100000000000000001',
      guildId: '123456',
      apiUrl: 'http://127.0.0.1:9999/api',
    });
  });

  it('half-configured: the error names the variable, and never shows the token', () => {
    const noAppId = failure({ DISCORD_TOKEN: TOKEN });
    expect(noAppId.variable).toBe('DISCORD_APPLICATION_ID');
    expect(noAppId.message).toMatch(/^DISCORD_APPLICATION_ID is not set/);
    expect(noAppId.message).not.toContain(TOKEN);

    const noToken = failure({ DISCORD_APPLICATION_ID: '100000000000000001', DISCORD_GUILD_ID: '123456' });
    expect(noToken.variable).toBe('DISCORD_TOKEN');
    expect(noToken.message).toMatch(
      /^DISCORD_TOKEN is not set, but DISCORD_APPLICATION_ID and DISCORD_GUILD_ID are/,
    );
  });

  it('malformed values are refused by name', () => {
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '100000000000000001' };
    expect(failure({ ...env, DISCORD_APPLICATION_ID: 'my-bot' }).variable).toBe('DISCORD_APPLICATION_ID');
    expect(failure({ ...env, DISCORD_GUILD_ID: 'Chat Ops' }).variable).toBe('DISCORD_GUILD_ID');
    expect(failure({ ...env, DISCORD_API_URL: 'discord.com/api' }).variable).toBe('DISCORD_API_URL');
    const spaced = failure({ ...env, DISCORD_TOKEN: `${TOKEN} extra` });
    expect(spaced.variable).toBe('DISCORD_TOKEN');
    expect(spaced.message).not.toContain(TOKEN);
  });
});
