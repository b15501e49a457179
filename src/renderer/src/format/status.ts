// Colors for execution statuses (antd Tag / Badge presets).
import type { ExecutionStatus } from '../../../shared/types';

export const statusColor: Record<ExecutionStatus, string> = {
  queued: 'default',
  running: 'processing',
  success: 'success',
  failed: 'error',
  timed_out: 'warning',
  cancelled: 'default',
  interrupted: 'volcano',
  skipped: 'default',
  missed: 'default',
};
