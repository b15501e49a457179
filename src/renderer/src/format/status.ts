// Colors for execution statuses (antd Tag / Badge presets).
import type { ExecutionStatus } from '../../../shared/types';

export const statusColor: Record<ExecutionStatus, string> = {
  queued: 'default',
  running: 'processing',
  success: 'success',
  failed: 'error',
  timed_out: 'warning',
  cancelled: 'default',
  interrupted: 'error',
  skipped: 'default',
  missed: 'default',
};

/**
 * A paused run keeps the status 'running' (its process is alive, holding its slot); `pausedAt` alone says
 * it is stopped. Every view that shows a status asks here, so that none calls a stopped run "Running".
 */
export function isPaused(e: { status: ExecutionStatus; pausedAt?: number | null }): boolean {
  return e.status === 'running' && e.pausedAt != null;
}

/**
 * The color of a paused run's tag: the one a paused task's tag has (TaskRow), so that paused reads alike.
 * A status preset, not the 'orange' palette: its text colour comes from the theme's AA-checked tokens.
 */
export const pausedColor = 'warning';

/** A paused run's progress bar: that orange's base, as the task row's paused bar (.ck-bar-paused). */
export const pausedStroke = '#fa8c16';
