// The scheduler of background jobs; modules' jobs are registered by the entry point (src/app.ts).
export { startScheduler, tick } from './scheduler.ts';
