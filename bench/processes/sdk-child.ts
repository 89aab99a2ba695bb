import { answerMemoryRequests } from './measure-memory.ts';

/** The floor for the memory figure: a process with both SDKs loaded, and nothing else. */
answerMemoryRequests();
await import('@slack/bolt');
await import('discord.js');
process.send?.('ready');
