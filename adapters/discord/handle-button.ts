import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { answerConfirmationClick } from '../shared/confirmation-prompts.ts';
import { parseInteractiveId } from '../shared/interactive-ids.ts';
import { EXPIRED_LIST } from '../shared/reply-pages.ts';
import { requestMeta } from './discord-identity.ts';
import type { InteractionContext } from './interaction-context.ts';
import { refusedOutsideGate } from './refuse-outside-gate.ts';

/**
 * A button, whose custom_id is an id of the shared scheme: a page of a list (answered from the
 * page store at once), or an answer to a confirmation, through the shared routing. How each
 * placement is drawn is Discord's: the owner's prompt is updated in place (and the answer
 * followed up in the channel when it is for everyone); anyone else gets an ephemeral answer.
 */
export async function handleButton(
  interaction: ButtonInteraction,
  context: InteractionContext,
): Promise<void> {
  if (await refusedOutsideGate(interaction, context)) return;
  const action = parseInteractiveId(interaction.customId);
  if (action === undefined || action.kind === 'inert') {
    await interaction.deferUpdate();
    return;
  }
  if (action.kind === 'page') {
    const page = await context.presenter.page(action.key, action.page);
    if (page === undefined)
      await interaction.reply({
        ...(await context.presenter.present(EXPIRED_LIST)),
        flags: MessageFlags.Ephemeral,
      });
    else await interaction.update(page);
    return;
  }

  const { reply, placement } = await answerConfirmationClick(
    { core: context.core, owners: context.interactions.owners },
    { confirmationId: action.confirmationId, answer: action.answer, clickerId: interaction.user.id },
    requestMeta(interaction),
    async (byOwner) => {
      // The owner's prompt becomes the answer; anyone else's answer is theirs alone.
      if (byOwner) await interaction.deferUpdate();
      else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await context.acknowledged?.();
    },
  );
  // The answer has no buttons of its own: the prompt's go.
  await interaction.editReply(await context.presenter.present(reply, interaction.user.id));
  if (placement === 'in-prompt-and-channel')
    await interaction.followUp(await context.presenter.present(reply));
}
