import type { DeliveryOutcome } from '@jixiao/notify';
import { type ApiFailure, failureText } from './http.ts';

/** A failed DingTalk call as a notification delivery outcome. */
export function failedOutcome(failure: ApiFailure): DeliveryOutcome {
  return {
    ok: false,
    retryable: failure.retryable,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    error: failureText(failure),
  };
}

export function permanentFailure(error: string): DeliveryOutcome {
  return { ok: false, retryable: false, error };
}
