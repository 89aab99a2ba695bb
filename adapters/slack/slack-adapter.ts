import type { Server } from 'node:http';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { App, LogLevel, webApi } from '@slack/bolt';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import type { CommandCore } from '../../src/commands/command-core.ts';
import type { PlatformAdapter } from '../platform-adapter.ts';
import { AcknowledgementGate } from '../shared/acknowledgement-gate.ts';
import type { ExpiringStore } from '../shared/expiring-store.ts';
import { createInteractions, type InteractionStores } from '../shared/interactions.ts';
import { listenForActions } from './action-listeners.ts';
import { boltLogger, type Log, maskedLog, secretMask } from './adapter-log.ts';
import { listenForCommand } from './command-listener.ts';
import { GuardedReceiver, type ReceiverLimits } from './guarded-receiver.ts';
import type { ListenerDeps } from './listener-deps.ts';
import { RedeliveryGuard } from './redelivery-guard.ts';
import { refuseOtherWorkspaces } from './refuse-other-workspaces.ts';
import { ReplyPresenter } from './reply-presenter.ts';
import { createResponseUrlClient } from './response-url-client.ts';
import { createSlackAlertSink } from './slack-alert-sink.ts';
import type { SlackCredentials } from './slack-credentials.ts';
import { SLACK_EVENTS_PATH } from './slack-methods.ts';
import { type BoundUsergroups, UsergroupDirectory } from './usergroup-directory.ts';
import { listenForUsergroupChanges } from './usergroup-events.ts';
import { describeWebApiError } from './web-api-errors.ts';
import { ownWorkspaceFrom, WorkspaceGate } from './workspace-gate.ts';

export interface SlackAdapterOptions {
  core: CommandCore;
  /**
   * The process's one acknowledgement gate, shared with the other adapters, so that no command's
   * work starts while a request of any platform waits for its ack; default one of its own.
   */
  acknowledgements?: AcknowledgementGate;
  /** Where list pages and prompt owners are kept; default this process's memory. */
  interactionStores?: InteractionStores;
  /**
   * Where the triggers already seen are kept (redeliveries are dropped); default this process's
   * memory. The app gives the state store's, so a redelivery is caught on any instance.
   */
  seenTriggers?: ExpiringStore<true>;
  credentials: SlackCredentials;
  /** The process log; nothing secret is ever written to it. */
  log: Log;
  /** How long user-group memberships are trusted; default 5 minutes. */
  usergroupCacheMs?: number;
  /** The user groups bindings.slack.usergroups names (see slackAccess): only these are ever read. */
  boundUsergroups?: BoundUsergroups;
  /** bindings.slack.teams: workspaces (T…) and organizations (E…) served besides the bot's own. */
  extraTeams?: readonly string[];
  /** HTTP mode: the address listened on; default credentials.host (SLACK_HOST), else 127.0.0.1. */
  host?: string;
  /** HTTP mode: the receiver's limits (body size, timeouts, connections); tests shorten them. */
  receiverLimits?: Partial<ReceiverLimits>;
  /** Upload long lists whole, and charts, as files (files:write); default true. False: page lists, no charts. */
  uploadAttachments?: boolean;
  /** Waits before each further try of a failed response_url post; default 1 s, then 3 s. */
  responseRetryDelaysMs?: readonly number[];
}

export interface SlackAdapter extends PlatformAdapter {
  readonly platform: 'slack';
  readonly mode: 'http' | 'socket';
  readonly alertSink: AlertSink;
  /** HTTP mode, once started: the port really listened on (SLACK_PORT=0 picks one). */
  readonly listeningPort?: number;
}

/**
 * A bounded retry policy for every Web API call: a 429 waits its Retry-After and is tried again,
 * a transport failure is retried quickly, and after 4 attempts the call fails (the default
 * policy would keep trying for half an hour).
 */
const RETRY_POLICY = { retries: 3, factor: 3, minTimeout: 100, maxTimeout: 5_000, randomize: false };
const REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_PORT = 3000;
/** A list can be paged as long as its response_url takes posts: 30 minutes. */
const SLACK_PAGES_TTL_MS = 30 * 60_000;
/**
 * Slack only calls HTTPS URLs, so in HTTP mode a TLS-terminating reverse proxy stands in front;
 * on the same machine it reaches loopback. SLACK_HOST=0.0.0.0 (or ::) when it runs elsewhere.
 */
const DEFAULT_HOST = '127.0.0.1';

/**
 * /chat in Slack through Bolt: HTTP mode (signed requests on /slack/events) or, with an app-level
 * token, Socket Mode. Thin: every decision about what may run is the core's.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { credentials } = options;
  const mask = secretMask([credentials.signingSecret, credentials.botToken, credentials.appToken]);
  const log = maskedLog(options.log, mask);
  const logger = boltLogger(log);
  const socketMode = credentials.appToken !== undefined;
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: RETRY_POLICY,
    timeout: REQUEST_TIMEOUT_MS,
    ...(credentials.apiUrl === undefined ? {} : { slackApiUrl: credentials.apiUrl }),
  };
  const acknowledgements = options.acknowledgements ?? new AcknowledgementGate();
  const app = new App({
    token: credentials.botToken,
    signingSecret: credentials.signingSecret,
    ...(socketMode
      ? { socketMode: true, appToken: credentials.appToken }
      : {
          // Only a request whose signature is verified counts as waiting for its ack, until its
          // response is closed: unsigned traffic cannot hold up the work of real commands.
          receiver: new GuardedReceiver({
            signingSecret: credentials.signingSecret,
            logger,
            log,
            limits: options.receiverLimits,
            onVerified: () => acknowledgements.arrived(),
          }),
        }),
    logger,
    logLevel: LogLevel.WARN,
    clientOptions,
    // auth.test runs in start(), where a refused token can fail the start with a clear reason.
    deferInitialization: true,
    // No conversation state is kept: without the store, Bolt does not look one up (and build an
    // Error for "not found") on every request before the ack.
    convoStore: false,
  });

  const inFlight = new Set<Promise<void>>();
  const usergroups = new UsergroupDirectory({
    client: app.client,
    bound: options.boundUsergroups ?? { ids: [], handles: [] },
    cacheMs: options.usergroupCacheMs,
    log,
  });
  const workspaces = new WorkspaceGate(options.extraTeams ?? []);
  const responses = createResponseUrlClient({ timeoutMs: REQUEST_TIMEOUT_MS });
  const interactions = createInteractions({
    pagesTtlMs: SLACK_PAGES_TTL_MS,
    stores: options.interactionStores,
  });
  const deps: ListenerDeps = {
    core: options.core,
    presenter: new ReplyPresenter({
      client: app.client,
      log,
      uploadAttachments: options.uploadAttachments ?? true,
      ...interactions,
    }),
    interactions,
    usergroups,
    guard: new RedeliveryGuard({ seen: options.seenTriggers }),
    responses,
    log,
    responseRetryDelaysMs: options.responseRetryDelaysMs,
    async afterAck() {
      await yieldToEventLoop();
      await acknowledgements.clear();
    },
    track(work) {
      const running = work().catch((error: unknown) => {
        log(
          `Slack: internal error while answering: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      });
      inFlight.add(running);
      return running.finally(() => inFlight.delete(running));
    },
  };
  // First, before any listener: a request from a workspace the bot does not serve goes no further.
  refuseOtherWorkspaces(app, workspaces, options.core, log);
  listenForCommand(app, deps);
  listenForActions(app, deps);
  listenForUsergroupChanges(app, usergroups, log);
  app.error(async (error) => {
    log(`Slack: ${error.name}: ${error.message}`);
  });

  let started = false;
  let listeningPort: number | undefined;
  return {
    platform: 'slack',
    // HTTP: any instance behind the balancer answers any request; Socket Mode: Slack spreads events over up to 10 connections.
    connects: 'every-instance',
    mode: socketMode ? 'socket' : 'http',
    alertSink: createSlackAlertSink(
      new webApi.WebClient(credentials.botToken, { ...clientOptions, logger }),
      log,
    ),
    get listeningPort() {
      return listeningPort;
    },
    // Every instance serves Slack, leader or not: there is nothing to let go of.
    async standBy() {},
    async start() {
      let authTest: unknown;
      try {
        await app.init();
        // Bolt's own auth.test (in init) keeps only the bot's ids; the workspace is asked for here.
        authTest = await app.client.auth.test();
      } catch (error) {
        const failure = describeWebApiError(error);
        throw new Error(
          mask(
            failure.code === 'request_failed' || failure.code === 'http_error'
              ? `Slack: the Web API at ${credentials.apiUrl ?? 'https://slack.com/api/'} could not check the bot token (${failure.summary}). Check the network${credentials.apiUrl ? ' and SLACK_API_URL' : ''}.`
              : `Slack: the bot token was not accepted (auth.test: ${failure.summary}). Check SLACK_BOT_TOKEN: the Bot User OAuth Token (xoxb-…) of the installed app.`,
          ),
        );
      }
      const own = ownWorkspaceFrom(authTest);
      if (own === undefined)
        throw new Error(
          'Slack: auth.test named no workspace for the bot token, so no request could be served.',
        );
      workspaces.pin(own);
      log(`Slack: serving ${workspaces.describe()}; requests from any other workspace are refused.`);
      await usergroups.start();
      if (socketMode) {
        try {
          await app.start();
        } catch (error) {
          throw new Error(
            mask(
              `Slack: Socket Mode could not connect (${describeWebApiError(error).summary}). Check SLACK_APP_TOKEN (an app-level token, xapp-…, with connections:write) and that Socket Mode is on in the app's settings.`,
            ),
          );
        }
        log('Slack: connected in Socket Mode.');
      } else {
        const port = credentials.port ?? DEFAULT_PORT;
        const host = options.host ?? credentials.host ?? DEFAULT_HOST;
        let server: Server;
        try {
          server = await app.start({ port, host });
        } catch (error) {
          throw new Error(
            mask(
              `Slack: cannot listen on port ${port} of ${host}: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        }
        const address = server.address();
        const listening = typeof address === 'object' && address !== null ? address : { port, address: host };
        listeningPort = listening.port;
        log(
          `Slack: listening for ${SLACK_EVENTS_PATH} on port ${listeningPort} of ${listening.address} (HTTP mode).`,
        );
      }
      started = true;
    },
    async stop() {
      if (started) {
        started = false;
        await app.stop();
      }
      await Promise.allSettled([...inFlight]);
      responses.close();
    },
  };
}
