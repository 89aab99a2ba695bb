import { afterEach, describe, expect, it } from 'vitest';
import { ReplyPages } from '../../../adapters/shared/reply-pages.ts';
import {
  LIST_PAGES_SCOPE,
  stateReplyPages,
  storedReplyCodec,
} from '../../../adapters/shared/state-reply-pages.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import type { StateStore } from '../../../src/state/index.ts';
import { scratchStateStore } from '../../state/scratch-store.ts';

const stores: StateStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
async function scratch(): Promise<StateStore> {
  const store = await scratchStateStore();
  stores.push(store);
  return store;
}

/** Every byte value, so that no encoding that drops or changes one goes unnoticed. */
const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, index) => index);

function viewInLargerBuffer(bytes: Uint8Array): Uint8Array {
  const larger = new Uint8Array(bytes.length + 4).fill(0x78);
  larger.set(bytes, 2);
  return larger.subarray(2, 2 + bytes.length);
}

const CHART: Reply = {
  title: 'Occupancy: Lobby (1), last 1 hour',
  text: 'Grüße <!channel> 🎉',
  fields: [{ label: 'peak', value: '12' }],
  list: { heading: 'Users', items: ['ada', 'line\nbreak', ''], pageSize: 50 },
  attachment: {
    fileName: 'chart.png',
    // A view into a larger buffer: only its own bytes are the attachment's.
    content: viewInLargerBuffer(EVERY_BYTE),
    mediaType: 'image/png',
    altText: 'A line rising from 3 to 12',
    textPreview: '▁▂▅█',
  },
  severity: 'info',
  visibility: 'channel',
  confirmation: {
    id: 'c-1',
    question: 'Sure?',
    confirmLabel: 'Yes',
    cancelLabel: 'No',
    expiresAt: new Date('2030-01-01T12:00:00.123Z'),
  },
};

describe('a reply as the state store keeps it', () => {
  it('comes back from the store as it was put: bytes, text, fields, list, prompt deadline', async () => {
    const pages = stateReplyPages((await scratch()).entries);
    await pages.put('k1', CHART, 60_000);
    const back = await pages.get('k1');
    expect(back).toEqual(CHART);
    const content = back?.attachment?.content;
    if (!(content instanceof Uint8Array)) throw new Error('the bytes came back as text');
    expect([...content]).toEqual([...EVERY_BYTE]);
    expect(back?.confirmation?.expiresAt).toEqual(new Date('2030-01-01T12:00:00.123Z'));
  });

  it('a text attachment stays text, and absent fields stay absent', async () => {
    const pages = stateReplyPages((await scratch()).entries);
    const reply: Reply = {
      title: 'Who is in Arena (5)',
      attachment: { fileName: 'room-5-users.txt', content: 'ada\nbob\n' },
      severity: 'success',
      visibility: 'private',
    };
    await pages.put('k2', reply, 60_000);
    const back = await pages.get('k2');
    expect(back).toStrictEqual(reply);
  });

  it('is kept as JSON, the bytes as base64', async () => {
    const store = await scratch();
    await stateReplyPages(store.entries).put('k3', CHART, 60_000);
    const raw = await store.entries.get(LIST_PAGES_SCOPE, 'k3', Date.now());
    expect(raw).toMatchObject({
      attachment: { content: { base64: Buffer.from(EVERY_BYTE).toString('base64') } },
      confirmation: { expiresAt: Date.parse('2030-01-01T12:00:00.123Z') },
    });
  });

  it('a stored value this code cannot read (another release wrote it) reads as none', () => {
    expect(storedReplyCodec.decode({ title: 'x' })).toBeUndefined();
    expect(storedReplyCodec.decode('a string')).toBeUndefined();
    expect(
      storedReplyCodec.decode({
        title: 'x',
        severity: 'info',
        visibility: 'private',
        attachment: { fileName: 'a.bin', content: { base64: 'not base64!' } },
      }),
    ).toBeUndefined();
  });

  it('expires with the ttl the page store gives it', async () => {
    let now = Date.parse('2030-01-01T12:00:00Z');
    const pages = stateReplyPages((await scratch()).entries, () => now);
    await pages.put('k4', CHART, 1000);
    now += 999;
    expect(await pages.get('k4')).toBeDefined();
    now += 1;
    expect(await pages.get('k4')).toBeUndefined();
  });

  it('kept by one adapter, recalled by another on the same store (another instance)', async () => {
    const store = await scratch();
    const asking = new ReplyPages({ ttlMs: 60_000, store: stateReplyPages(store.entries) });
    const other = new ReplyPages({ ttlMs: 60_000, store: stateReplyPages(store.entries) });
    const key = await asking.keep(CHART);
    // The file went out with the first page: a page turn never sends it again, so it is not kept.
    const { attachment: _sent, ...withoutFile } = CHART;
    expect(await other.recall(key)).toEqual(withoutFile);
    expect(await other.recall('unknown')).toBeUndefined();
  });
});
