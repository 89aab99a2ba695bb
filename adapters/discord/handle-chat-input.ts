import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { errorReply } from '../../src/replies/reply.ts';
import { CHAT_COMMAND_NAME } from './chat-command.ts';
import { readInvocation } from './chat-invocation.ts';
import { requestMeta } from './discord-identity.ts';
import type { InteractionContext } from './interaction-context.ts';
import { refusedOutsideGate } from './refuse-outside-gate.ts';

/**
 * `/chat …`: deferred at once (the core may wait on the chat server longer than Discord's 3 s),
 * then the core's reply edited in. The deferral is ephemeral when the reply will be private
 * anyway: read-only operations, confirmation prompts (destructive operations always ask first),
 * and an operation the catalogue does not have. A private reply to a public deferral replaces
 * it with an ephemeral follow-up.
 */
export async function handleChatInput(
  interaction: ChatInputCommandInteraction,
  context: InteractionContext,
): Promise<void> {
  if (await refusedOutsideGate(interaction, context)) return;
  if (interaction.commandName !== CHAT_COMMAND_NAME) {
    const unknown = errorReply(
      'Unknown command',
      `/${interaction.commandName} is not a flashchat-ops command.`,
    );
    await interaction.reply({ ...(await context.presenter.present(unknown)), flags: MessageFlags.Ephemeral });
    return;
  }
  const invocation = readInvocation(context.core.catalogue, interaction);
  const operation = invocation.operation;
  const ephemeral = operation === undefined || !operation.changesChat || operation.destructive;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  await context.acknowledged?.();

  const reply = await context.core.handleInvocation(
    invocation.operationName,
    invocation.values,
    requestMeta(interaction),
  );
  const message = await context.presenter.present(reply, interaction.user.id);
  if (ephemeral || reply.visibility === 'channel') {
    await interaction.editReply(message);
    return;
  }
  // Ephemeral is chosen at the first response and cannot be changed: replace the public one.
  await interaction.deleteReply();
  await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
}
