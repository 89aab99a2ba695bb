import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { requestMeta } from './discord-identity.ts';
import type { InteractionContext } from './interaction-context.ts';
import { gateRefusal } from './platform-gate.ts';

/**
 * Refuses (privately, audited as refused) an interaction from outside the servers the bot is set
 * up for; true when it did, and nothing else may run for it.
 */
export async function refusedOutsideGate(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  context: InteractionContext,
): Promise<boolean> {
  const gated = gateRefusal(interaction, context.gate);
  if (gated === undefined) return false;
  context.core.refuseRequest(requestMeta(interaction), gated.reason);
  await interaction.reply({
    ...(await context.presenter.present(gated.reply)),
    flags: MessageFlags.Ephemeral,
  });
  return true;
}
