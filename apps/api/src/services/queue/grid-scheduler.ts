import type { JobSchedulerTemplateOptions, Queue } from 'bullmq';

/**
 * Upserts a job scheduler whose iterations fall at `k·every + offset` (epoch-aligned), on every
 * replica the same. BullMQ keeps a scheduler's phase across upserts, so one laid by an older
 * version (another phase) is removed first; replicas racing here end on the same slot, hence
 * the same job id. Returns whether the scheduler was laid anew (none was on this grid).
 */
export async function upsertOnGrid(
  queue: Queue,
  id: string,
  every: number,
  offset: number,
  template: { name: string; data: object; opts?: JobSchedulerTemplateOptions },
): Promise<boolean> {
  const existing = await queue.getJobScheduler(id);
  const offGrid = existing?.next !== undefined && existing.next % every !== offset;
  if (offGrid) await queue.removeJobScheduler(id);
  await queue.upsertJobScheduler(id, { every, offset }, template);
  return !existing || offGrid;
}
