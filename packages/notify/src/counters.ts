/** What a worker has done since it was created. */
export interface OutboxWorkerCounters {
  /** Rows claimed (each claim is one attempt). */
  claimed: number;
  /** Of those, rows taken over from a worker whose lease ran out. */
  reclaimed: number;
  sent: number;
  /** Retryable failures put back with a backoff. */
  retried: number;
  /** Given up on (permanent error or too many attempts); each was reported through `onFailure`. */
  failed: number;
  cancelled: number;
  /** Put back untried because of the per-recipient limit. */
  deferred: number;
  /** Throttled answers from DingTalk (they slow the API's bucket down). */
  throttled: number;
  /** Settles refused because another worker had reclaimed the row meanwhile. */
  lostClaims: number;
  /** Unexpected exceptions while handling a row (retried like a retryable failure). */
  errors: number;
}

export function emptyCounters(): OutboxWorkerCounters {
  return {
    claimed: 0,
    reclaimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    cancelled: 0,
    deferred: 0,
    throttled: 0,
    lostClaims: 0,
    errors: 0,
  };
}

export function diffCounters(
  after: OutboxWorkerCounters,
  before: OutboxWorkerCounters,
): OutboxWorkerCounters {
  const out = emptyCounters();
  for (const k of Object.keys(out) as Array<keyof OutboxWorkerCounters>) out[k] = after[k] - before[k];
  return out;
}
