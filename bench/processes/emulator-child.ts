import { type EmulatorOptions, startEmulator } from '../../src/emulator/index.ts';

/**
 * The emulator in a process of its own (forked by bench/remote-stack.ts), as the chat server is
 * in production: its work does not share the bot's event loop. Options come as JSON in argv[2];
 * the ports go back over IPC; a "stop" message (or the parent's exit) stops it.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions & {
  join?: { roomId: number; users: number };
};
const { join, ...emulatorOptions } = options;
const emulator = await startEmulator(emulatorOptions);
if (join !== undefined) {
  for (let index = 0; index < join.users; index += 1)
    emulator.state.join('default', join.roomId, `user${index}`);
  await emulator.statusFilesWritten();
}
process.send?.({ serverApiPort: emulator.serverApiPort, httpPort: emulator.httpPort });
const stop = () => {
  void emulator.stop().then(() => process.exit(0));
};
process.on('message', (message) => {
  if (message === 'stop') stop();
});
process.on('disconnect', stop);
