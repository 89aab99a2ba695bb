import { answerMemoryRequests } from './measure-memory.ts';

/** The real app (npm start), configured by the environment the bench gives it, measurable over IPC. */
answerMemoryRequests();
await import('../../app/start.ts');
