import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMember } from '../helpers/discord-payloads.ts';
import {
  ALERTS_CHANNEL,
  type DiscordStack,
  EPHEMERAL,
  embedsOf,
  flagsOf,
  GUILD_ID,
  isCallback,
  isEditOriginal,
  MEMBERS,
  startDiscordStack,
} from '../helpers/discord-stack.ts';

const CONFIG = `
roles:
  viewer: { allow: [status, who, help] }
  admin: { allow: ["*"] }
bindings:
  discord:
    users: { "111": admin }
    roles: { "222": viewer }
    guilds: ["${GUILD_ID}"]
alerts:
  probeInterval: 100ms
  staleAfter: off
  rules:
    - { name: lobby-busy, roomUsers: 3, rooms: [Lobby], cooldown: 0s, attachChart: true, channels: { discord: "${ALERTS_CHANNEL}" } }
`;

let discord: DiscordStack;

async function run(options: Record<string, string>, by: StandInMember = MEMBERS.admin) {
  const handle = discord.standIn.chatInput({ by, path: ['stats'], options });
  const deferral = await discord.standIn.waitForRequest(handle, isCallback(5));
  const answer = await discord.standIn.waitForRequest(handle, isEditOriginal);
  return { deferral, answer };
}

// Every case from either status source: the status files, or the Data API alone.
describe.each(['files', 'dataApi'] as const)('status from %s', (source) => {
  beforeAll(async () => {
    discord = await startDiscordStack({
      config: CONFIG,
      rooms: [
        { id: 1, name: 'Lobby', max: 100 },
        { id: 2, name: 'Music', max: 50 },
      ],
      source,
    });
    for (const user of ['ann', 'bob']) discord.stack.emulator.state.join('default', 1, user);
    await discord.stack.emulator.statusFilesWritten();
    await discord.standIn.waitFor(() => (discord.stack.runtime.recorder?.samplesRecorded ?? 0) >= 2);
  });
  afterAll(async () => discord?.close());

  describe('/chat stats on Discord: the chart attached to the reply', () => {
    it('sends the PNG as a multipart attachment, shown in the embed, with the chart in words as its description', async () => {
      const { deferral, answer } = await run({ room: 'Lobby', period: '1h' });
      expect(flagsOf(deferral)).toBe(EPHEMERAL);
      const [embed] = embedsOf(answer);
      expect(embed?.title).toBe('Occupancy: Lobby (1), last 1 hour');
      expect(embed?.fields?.map((field) => field.name)).toEqual(['Peak', 'Average', 'Latest', 'Capacity']);
      expect(embed?.image?.url).toBe('attachment://occupancy-room-1-1h.png');
      expect(answer.files.map((file) => file.name)).toEqual(['occupancy-room-1-1h.png']);
      const png = answer.files[0]?.bytes ?? Buffer.alloc(0);
      const image = await loadImage(png);
      expect([image.width, image.height]).toEqual([800, 400]);
      const payload = answer.body as { attachments?: Array<{ description?: string }> };
      expect(payload.attachments?.[0]?.description).toMatch(
        /^Occupancy chart of Lobby \(1\), last 1 hour: peak 2/,
      );
    });

    it('without a room: the logged-in users; a period typed as the room is a period', async () => {
      const totals = await run({ period: '24h' });
      expect(embedsOf(totals.answer)[0]?.title).toBe(
        'Occupancy: Logged-in users (group default), last 24 hours',
      );
      expect(totals.answer.files.map((file) => file.name)).toEqual(['occupancy-total-24h.png']);
      const typedAsRoom = await run({ room: '7d' });
      expect(embedsOf(typedAsRoom.answer)[0]?.title).toBe(
        'Occupancy: Logged-in users (group default), last 7 days',
      );
    });

    it('a member without the stats permission gets a refusal and no file', async () => {
      const { answer } = await run({}, MEMBERS.moderator);
      expect(embedsOf(answer)[0]?.title).toBe('Not allowed');
      expect(answer.files).toEqual([]);
    });
  });

  describe('an alert on Discord with the last hour’s chart', () => {
    it('posts the alert embed with the PNG attached to the alerts channel', async () => {
      await discord.stack.runtime.alerts.start([discord.adapter.alertSink]);
      discord.stack.emulator.state.join('default', 1, 'cat');
      const post = await discord.standIn.waitFor(() =>
        discord.standIn.requests.find((request) => request.path === `/channels/${ALERTS_CHANNEL}/messages`),
      );
      const [embed] = embedsOf(post);
      expect(embed?.title).toBe('Lobby (1) has 3 users (threshold 3)');
      expect(embed?.image?.url).toBe('attachment://occupancy-room-1-1h.png');
      expect(post.files.map((file) => file.name)).toEqual(['occupancy-room-1-1h.png']);
      expect(post.files[0]?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    });
  });
});
