/** `npm run register`: registers `/chat` with Discord from DISCORD_* variables (and .env). */
import { config as loadDotenv } from 'dotenv';
import { runRegister } from './run-register.ts';

loadDotenv({ quiet: true });
const code = await runRegister(process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exit(code);
