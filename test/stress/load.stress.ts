import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL, flagsOf, isCallback } from '../helpers/discord-stack.ts';
import { scanForSecrets } from '../security/secret-scan.ts';
import {
  DISCORD_USERS,
  type DiscordOutcome,
  discordAnswers,
  discordDeadlines,
  discordText,
  discordTitle,
  first,
  LOAD_CONFIG,
  type PlannedCommand,
  planCommands,
  runDiscordLoad,
  runSlackLoad,
  SLACK_USERS,
  type SlackOutcome,
  slackAcks,
  slackText,
  tally,
} from './load-runs.ts';
import { guardProcess } from './process-guard.ts';
import { ALL_SECRETS, type StressStack, startStressStack } from './stack.ts';

/**
 * Load through the real receivers against the emulator, both platforms at the same time: 1,000
 * concurrent Slack slash commands (signed HTTP requests to Bolt) and 500 concurrent Discord
 * interactions (gateway dispatches to discord.js), from several users, on one runtime. Every one
 * is acknowledged, answered once, audited once, and carried out by the chat server exactly once:
 * three in four are broadcasts with a message of their own, so the emulator's journal counts them
 * exactly; the rest are `status`.
 */

const SLACK_COMMANDS = 1000;
const DISCORD_INTERACTIONS = 500;

const guard = guardProcess();
let stack: StressStack;
let slackPlan: PlannedCommand[];
let discordPlan: PlannedCommand[];
let slackOutcomes: SlackOutcome[];
let discordOutcomes: DiscordOutcome[];

beforeAll(async () => {
  stack = await startStressStack({ config: LOAD_CONFIG });
  await stack.startSlack();
  await stack.startDiscord();
  slackPlan = planCommands(SLACK_COMMANDS, 'slack-load');
  discordPlan = planCommands(DISCORD_INTERACTIONS, 'discord-load');
  [slackOutcomes, discordOutcomes] = await Promise.all([
    runSlackLoad(stack, slackPlan),
    runDiscordLoad(stack, discordPlan),
  ]);
}, 120_000);
afterAll(async () => stack?.close());

const broadcastsOf = (plan: readonly PlannedCommand[]) =>
  plan.flatMap((command) => (command.message === undefined ? [] : [command.message]));

describe(`${SLACK_COMMANDS.toLocaleString('en-US')} Slack slash commands and ${DISCORD_INTERACTIONS} Discord interactions at once`, () => {
  it('every Slack command acknowledged, answered once, audited once, run once', async () => {
    for (const outcome of slackOutcomes) {
      const where = `slack command #${outcome.index}`;
      expect(outcome.ackStatus, where).toBe(200);
      expect(outcome.answers, where).toHaveLength(1);
      const [answer] = outcome.answers;
      if (outcome.message === undefined) {
        expect(answer?.response_type, where).toBe('ephemeral');
        expect(slackText(outcome), where).toContain('Chat server status (group default)');
      } else {
        expect(answer?.response_type, where).toBe('in_channel');
        expect(slackText(outcome), where).toContain('Broadcast sent');
        expect(slackText(outcome), where).toContain(outcome.message);
      }
    }

    const carriedOut = tally(stack.broadcastsCarriedOut());
    for (const message of broadcastsOf(slackPlan)) expect(carriedOut.get(message)).toBe(1);

    const audit = (await stack.auditEntries()).filter((entry) => entry.platform === 'slack');
    expect(audit).toHaveLength(SLACK_COMMANDS);
    expect(audit.filter((entry) => entry.decision !== 'allowed' || entry.outcome !== 'ok')).toEqual([]);
    const audited = tally(audit.map((entry) => `${entry.userId} ${String(entry.parameters.message)}`));
    for (const outcome of slackOutcomes)
      if (outcome.message !== undefined)
        expect(audited.get(`${outcome.user.userId} ${outcome.message}`)).toBe(1);
    expect(audit.filter((entry) => entry.operation === 'status')).toHaveLength(
      SLACK_COMMANDS - broadcastsOf(slackPlan).length,
    );
    expect(new Set(audit.map((entry) => entry.userId)).size).toBe(SLACK_USERS.length);
  });

  it('every Discord interaction deferred, answered once, audited once, run once', async () => {
    for (const outcome of discordOutcomes) {
      const where = `discord interaction #${outcome.index}`;
      const deferrals = outcome.requests.filter(isCallback(5));
      expect(deferrals, where).toHaveLength(1);
      expect(outcome.requests[0], where).toBe(deferrals[0]);
      expect(discordAnswers(outcome), where).toHaveLength(1);
      if (outcome.message === undefined) {
        expect(flagsOf(first(deferrals)), where).toBe(EPHEMERAL);
        expect(discordTitle(outcome), where).toBe('Chat server status (group default)');
      } else {
        expect(flagsOf(first(deferrals)), where).toBe(0);
        expect(discordTitle(outcome), where).toBe('Broadcast sent');
        expect(discordText(outcome), where).toContain(outcome.message);
      }
    }

    const carriedOut = tally(stack.broadcastsCarriedOut());
    for (const message of broadcastsOf(discordPlan)) expect(carriedOut.get(message)).toBe(1);

    const audit = (await stack.auditEntries()).filter((entry) => entry.platform === 'discord');
    expect(audit).toHaveLength(DISCORD_INTERACTIONS);
    expect(audit.filter((entry) => entry.decision !== 'allowed' || entry.outcome !== 'ok')).toEqual([]);
    const audited = tally(audit.map((entry) => String(entry.parameters.message)));
    for (const message of broadcastsOf(discordPlan)) expect(audited.get(message)).toBe(1);
    expect(new Set(audit.map((entry) => entry.userId))).toEqual(
      new Set(DISCORD_USERS.map((user) => user.id)),
    );
  });

  it("every Slack command acknowledged within Slack's 3 s deadline", () => {
    expect(
      slackAcks(
        'load',
        slackOutcomes.map((outcome) => outcome.ackMs),
      ),
    ).toMatchObject({ acks: SLACK_COMMANDS, late: 0 });
  });

  it('every Discord first response reached Discord within its 3 s deadline', () => {
    expect(discordDeadlines('load', discordOutcomes)).toMatchObject({
      interactions: DISCORD_INTERACTIONS,
      responded: DISCORD_INTERACTIONS,
      late: 0,
      missing: 0,
    });
    // The gateway heartbeats all along (a short interval in the stress stack); resumes are reported.
    const gateway = stack.discord?.standIn.gateway;
    console.log(
      `Discord gateway: ${gateway?.heartbeats} heartbeats, ${gateway?.heartbeatAcks} ACKs, ${gateway?.resumes} resumes`,
    );
    expect(gateway?.heartbeats).toBeGreaterThan(0);
  });

  it('the chat server carried out exactly the broadcasts asked for, nothing more', () => {
    const asked = [...broadcastsOf(slackPlan), ...broadcastsOf(discordPlan)];
    expect(stack.broadcastsCarriedOut().sort()).toEqual(asked.sort());
  });

  it('the process never went down, and nothing produced holds a secret', async () => {
    expect(guard.unhandledRejections).toEqual([]);
    expect(guard.uncaughtExceptions).toEqual([]);
    expect(guard.exitCalls).toEqual([]);
    expect(stack.logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
    expect(scanForSecrets(await stack.produced(), ALL_SECRETS)).toEqual([]);
  });
});
