// The background jobs of the platform; importing this registers them with the scheduler.
import './overdue-escalation.ts';
export { startScheduler, tick } from './scheduler.ts';
