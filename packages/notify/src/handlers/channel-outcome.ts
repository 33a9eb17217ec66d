import type { DeliveryOutcome } from '../channel.ts';
import type { TokenBucket } from '../token-bucket.ts';
import type { RowOutcome } from './types.ts';

const THROTTLE = /QpsLimit|ApiCountLimit|too\.?fast|tooFast|flowControl|flow.?controlled|throttl|限流|频率/i;

/** A failure that says "too fast" (DingTalk's QPS limits, robot send.too.fast, to-do flowControlError). */
function isThrottled(outcome: DeliveryOutcome): boolean {
  return (
    !outcome.ok && outcome.retryable && (outcome.retryAfterMs !== undefined || THROTTLE.test(outcome.error))
  );
}

/** Feeds a channel answer back to the API's bucket and maps a failure to a row outcome. */
export function failureOutcome(bucket: TokenBucket, outcome: DeliveryOutcome): RowOutcome | null {
  if (outcome.ok) {
    bucket.succeeded();
    return null;
  }
  if (!outcome.retryable) return { type: 'failed', error: outcome.error };
  const throttled = isThrottled(outcome);
  if (throttled) bucket.throttled(outcome.retryAfterMs);
  return outcome.retryAfterMs !== undefined
    ? { type: 'retry', error: outcome.error, retryAfterMs: outcome.retryAfterMs, throttled }
    : { type: 'retry', error: outcome.error, throttled };
}
