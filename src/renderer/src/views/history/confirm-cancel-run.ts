// The one question before a run is cancelled, asked from the run's drawer and from a task row's menu.
// Cancelling kills the run's processes, so "keep it running" is the focused answer.
import type { ButtonProps } from 'antd';
import type { Questions } from '../../app/questions';
import type { T } from '../../i18n/i18n';

export function askToCancelRun(modal: Questions, t: T, onOk: () => unknown): void {
  modal.confirm({
    title: t('exec.cancelConfirm.title'),
    content: t('exec.cancelConfirm.body'),
    okText: t('exec.cancel'),
    okButtonProps: { danger: true, 'data-testid': 'exec-cancel-ok' } as ButtonProps,
    cancelText: t('exec.cancelConfirm.keep'),
    cancelButtonProps: { 'data-testid': 'exec-cancel-keep' } as ButtonProps,
    autoFocusButton: 'cancel',
    onOk,
  });
}
