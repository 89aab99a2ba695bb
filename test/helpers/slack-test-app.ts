import type { AcknowledgementGate } from '../../adapters/shared/acknowledgement-gate.ts';
import type { ExpiringStore } from '../../adapters/shared/expiring-store.ts';
import type { InteractionStores } from '../../adapters/shared/interactions.ts';
import type { ReceiverLimits } from '../../adapters/slack/guarded-receiver.ts';
import { slackAccess } from '../../adapters/slack/slack-access.ts';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import type { CommandCore } from '../../src/commands/command-core.ts';
import type { Bindings } from '../../src/permissions/access-schema.ts';
import {
  type AppAnswer,
  blockActionsBody,
  type EventOrigin,
  eventCallbackBody,
  FORM,
  JSON_TYPE,
  postSigned,
  type Signing,
  type SlackUser,
  slashCommandBody,
} from './slack-requests.ts';
import {
  APP_TOKEN,
  BOT_TOKEN,
  type SlackMessageBody,
  type SlackWebApiStandIn,
  type StandInUsergroup,
  type StandInWorkspace,
  startSlackWebApiStandIn,
} from './slack-web-api-stand-in.ts';

export { APP_TOKEN, BOT_TOKEN };
export const SIGNING_SECRET = 'test-signing-secret-2f8c1d9e7b6a5f4e3d2c1b0a';
export const SECRETS = [SIGNING_SECRET, BOT_TOKEN, APP_TOKEN];

export interface SlackTestApp {
  adapter: SlackAdapter;
  api: SlackWebApiStandIn;
  /** http://127.0.0.1:<port>/slack/events */
  url: string;
  /** Everything the adapter logged. */
  logs: string[];
  /**
   * How long each request sent through this app (command, click, event) took to be answered, in
   * ms, in the order sent: Slack's 3 s acknowledgement deadline is counted on these.
   */
  ackTimesMs: number[];
  /** Posts a signed slash command; resolves with the app's HTTP answer (the ack) and the response_url. */
  command(text: string, user: SlackUser, signing?: Signing & { triggerId?: string }): Promise<Sent>;
  /** A slash command, and the first answer that reaches its response_url. */
  run(text: string, user: SlackUser): Promise<SlackMessageBody>;
  /** A click on the button whose action_id is `actionId`. */
  click(actionId: string, user: SlackUser, signing?: Signing & { triggerId?: string }): Promise<Sent>;
  /** Posts a signed event callback; from T1 unless `origin` says otherwise. */
  event(event: Record<string, unknown>, origin?: EventOrigin): Promise<AppAnswer>;
  close(): Promise<void>;
}

export interface Sent {
  ack: AppAnswer;
  responseUrl: string;
}

export interface SlackTestAppOptions {
  /** Shared with a Discord adapter, as the app does. */
  acknowledgements?: AcknowledgementGate;
  /** The configuration's bindings, as the app passes them (slackAccess): bound user groups, extra teams. */
  bindings?: Bindings;
  /** What auth.test answers at start; default team T1. */
  workspace?: StandInWorkspace;
  /** The workspace's user groups from the start (handles are pinned at start). */
  usergroups?: StandInUsergroup[];
  usergroupCacheMs?: number;
  uploadAttachments?: boolean;
  responseRetryDelaysMs?: readonly number[];
  /** The HTTP receiver's limits, e.g. a short body timeout or a low connection cap. */
  receiverLimits?: Partial<ReceiverLimits>;
  /** Where seen triggers are kept, as the app gives the state store's. */
  seenTriggers?: ExpiringStore<true>;
  /** Where list pages (and prompt owners) are kept, as the app gives the state store's. */
  interactionStores?: InteractionStores;
}

/** The real adapter in HTTP mode on a loopback port, its Web API pointed at a fresh stand-in. */
export async function startSlackTestApp(
  core: CommandCore,
  options: SlackTestAppOptions = {},
): Promise<SlackTestApp> {
  const api = await startSlackWebApiStandIn();
  if (options.workspace) api.workspace = options.workspace;
  if (options.usergroups) api.usergroups = options.usergroups;
  const logs: string[] = [];
  const adapter = createSlackAdapter({
    core,
    credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, apiUrl: api.apiUrl },
    log: (message) => logs.push(message),
    host: '127.0.0.1',
    usergroupCacheMs: options.usergroupCacheMs,
    uploadAttachments: options.uploadAttachments,
    responseRetryDelaysMs: options.responseRetryDelaysMs,
    receiverLimits: options.receiverLimits,
    seenTriggers: options.seenTriggers,
    interactionStores: options.interactionStores,
    ...(options.acknowledgements === undefined ? {} : { acknowledgements: options.acknowledgements }),
    ...(options.bindings === undefined ? {} : slackAccess(options.bindings)),
  });
  await adapter.start();
  const url = `http://127.0.0.1:${adapter.listeningPort}/slack/events`;
  const sign = (signing: Signing | undefined): Signing => signing ?? { secret: SIGNING_SECRET };

  const testApp: SlackTestApp = {
    adapter,
    api,
    url,
    logs,
    ackTimesMs: [],
    async command(text, user, signing) {
      const responseUrl = api.responseUrl();
      const ack = await postSigned(
        url,
        slashCommandBody(text, user, responseUrl, signing?.triggerId),
        FORM,
        sign(signing),
      );
      testApp.ackTimesMs.push(ack.elapsedMs);
      return { ack, responseUrl };
    },
    async run(text, user) {
      const { ack, responseUrl } = await testApp.command(text, user);
      if (ack.status !== 200) throw new Error(`the app answered ${ack.status} to "${text}"`);
      const [first] = await api.waitForResponses(responseUrl);
      if (!first) throw new Error('no response');
      return first;
    },
    async click(actionId, user, signing) {
      const responseUrl = api.responseUrl();
      const ack = await postSigned(
        url,
        blockActionsBody(actionId, user, responseUrl, signing?.triggerId),
        FORM,
        sign(signing),
      );
      testApp.ackTimesMs.push(ack.elapsedMs);
      return { ack, responseUrl };
    },
    async event(event, origin) {
      const ack = await postSigned(url, eventCallbackBody(event, origin), JSON_TYPE, {
        secret: SIGNING_SECRET,
      });
      testApp.ackTimesMs.push(ack.elapsedMs);
      return ack;
    },
    async close() {
      await adapter.stop();
      await api.close();
    },
  };
  return testApp;
}

interface TextObject {
  text?: string;
}
interface LooseBlock {
  type?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: { text?: TextObject | string }[];
}

/**
 * Everything a person reads in a message, one text object a line: header, sections, fields,
 * context, buttons; entities shown as Slack shows them (`&lt;` as `<`: the adapter escapes all text).
 */
export function messageText(body: SlackMessageBody): string {
  return shownAsSlackShows(escapedMessageText(body));
}

/** Slack's three entities as the characters it displays for them, in one pass. */
export function shownAsSlackShows(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_entity, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

/** messageText as sent: entities left as they are. */
export function escapedMessageText(body: SlackMessageBody): string {
  const lines: string[] = [];
  for (const block of (body.blocks ?? []) as LooseBlock[]) {
    if (block.text?.text) lines.push(block.text.text);
    for (const field of block.fields ?? []) if (field.text) lines.push(field.text);
    for (const element of block.elements ?? []) {
      const text = typeof element.text === 'string' ? element.text : element.text?.text;
      if (text) lines.push(text);
    }
  }
  return lines.length > 0 ? lines.join('\n') : (body.text ?? '');
}

interface LooseButton {
  action_id?: string;
  text?: { text?: string };
  value?: string;
  style?: string;
  confirm?: unknown;
}

/** The buttons of a message, by action_id. */
export function buttonsOf(body: SlackMessageBody): LooseButton[] {
  return ((body.blocks ?? []) as { type?: string; elements?: LooseButton[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []);
}

/** The page button a user would press: "Next ▶" or "◀ Previous". */
export function pageButton(body: SlackMessageBody, which: 'next' | 'previous'): LooseButton | undefined {
  const label = which === 'next' ? 'Next ▶' : '◀ Previous';
  return buttonsOf(body).find((button) => button.text?.text === label);
}

/**
 * The Confirm and Cancel buttons of a prompt, known by their action ids (`fc:confirm:<id>` and
 * `fc:cancel:<id>`), and the confirmation id they answer.
 */
export function promptButtons(body: SlackMessageBody): {
  confirm?: LooseButton;
  cancel?: LooseButton;
  confirmationId?: string;
} {
  const buttons = buttonsOf(body);
  const confirm = buttons.find((button) => button.action_id?.startsWith('fc:confirm:'));
  const cancel = buttons.find((button) => button.action_id?.startsWith('fc:cancel:'));
  return { confirm, cancel, confirmationId: confirm?.action_id?.slice('fc:confirm:'.length) };
}

export const ADMIN: SlackUser = { userId: 'U0ADMIN', userName: 'ada' };
export const OTHER_ADMIN: SlackUser = { userId: 'U0OTHER', userName: 'otto' };
export const VIEWER: SlackUser = { userId: 'U0VIEW', userName: 'vera' };
export const STRANGER: SlackUser = { userId: 'U0NOBODY', userName: 'nobody' };
