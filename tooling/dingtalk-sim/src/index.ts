export type { SimEvent } from './events.ts';
export { startDingTalkSim } from './sim.ts';
export type {
  DingTalkSim,
  RecordedReply,
  SimOptions,
  SimUser,
} from './types.ts';
