/**
 * When a scheduler's iteration was due. BullMQ names each job a job scheduler produces
 * `repeat:<scheduler id>:<due millis>`, so the id carries the time on the grid; the job's own
 * timestamp is only when it was created (when the iteration before it started), which
 * drifts with load. A retry keeps its id, so its time is the same too.
 */
export function scheduledTime(job: { id?: string; timestamp: number }): number {
  const due = /^repeat:.+:(\d+)$/.exec(job.id ?? '')?.[1];
  return due === undefined ? job.timestamp : Number(due);
}
