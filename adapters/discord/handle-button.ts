import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { errorReply } from '../../src/replies/reply.ts';
import { parseButtonId } from './custom-ids.ts';
import { requestMeta } from './discord-identity.ts';
import type { InteractionContext } from './interaction-context.ts';
import { gateRefusal } from './platform-gate.ts';

const EXPIRED_LIST = errorReply(
  'List expired',
  'This list is no longer kept for paging. Run the command again; the attached file, if any, has it all.',
);

/**
 * A button: a page of a list (answered from memory at once), or an answer to a confirmation. The
 * core decides whether an answer counts (only the invoker, once, in time); the adapter only
 * decides where its reply goes: the prompt itself for its owner, an ephemeral message for anyone
 * else, and the channel too when the result is for everyone.
 */
export async function handleButton(
  interaction: ButtonInteraction,
  context: InteractionContext,
): Promise<void> {
  const gated = gateRefusal(interaction, context.gate);
  if (gated !== undefined) {
    context.core.refuseRequest(requestMeta(interaction), gated.reason);
    await interaction.reply({ ...context.presenter.present(gated.reply), flags: MessageFlags.Ephemeral });
    return;
  }
  const action = parseButtonId(interaction.customId);
  if (action === undefined || action.kind === 'inert') {
    await interaction.deferUpdate();
    return;
  }
  if (action.kind === 'page') {
    const page = context.presenter.page(action.key, action.page);
    if (page === undefined)
      await interaction.reply({ ...context.presenter.present(EXPIRED_LIST), flags: MessageFlags.Ephemeral });
    else await interaction.update(page);
    return;
  }

  const { confirmationId, answer } = action;
  if (context.presenter.promptOwner(confirmationId) !== interaction.user.id) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await context.acknowledged?.();
    const reply = await context.core.answerConfirmation(confirmationId, answer, requestMeta(interaction));
    await interaction.editReply(context.presenter.present(reply, interaction.user.id));
    return;
  }
  await interaction.deferUpdate();
  await context.acknowledged?.();
  const reply = await context.core.answerConfirmation(confirmationId, answer, requestMeta(interaction));
  context.presenter.forgetPrompt(confirmationId);
  // The prompt becomes the answer; its buttons go, as the answer has none of its own.
  await interaction.editReply(context.presenter.present(reply, interaction.user.id));
  if (reply.visibility === 'channel') await interaction.followUp(context.presenter.present(reply));
}
