/** Counters the batcher keeps; its parts increment them in place. */
export interface BatcherStats {
  /** Events accepted into the queue. */
  queued: number;
  /** Events in 2xx-acknowledged requests. */
  sent: number;
  requests: number;
  retries: number;
  /** Single events larger than a whole request body. */
  droppedOversize: number;
  /** Oldest events pushed out of a full queue. */
  droppedQueueFull: number;
  /** Events in batches the server refused with a non-retryable status. */
  droppedRejected: number;
  /** Events in batches that failed `maxAttempts` times. */
  droppedGaveUp: number;
}

export function emptyStats(): BatcherStats {
  return {
    queued: 0,
    sent: 0,
    requests: 0,
    retries: 0,
    droppedOversize: 0,
    droppedQueueFull: 0,
    droppedRejected: 0,
    droppedGaveUp: 0,
  };
}
