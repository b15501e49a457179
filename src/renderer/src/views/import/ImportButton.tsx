// The button that opens the import dialog (the tasks view's toolbar, Settings). The dialog (and the
// text checks it brings) loads on the first click, not with the view.
import { UploadOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useT } from '../../i18n/i18n';

const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));

/** With a label (Settings), or as an icon with a tooltip (the tasks view's toolbar, which is full). */
export function ImportButton({ label, testId }: { label?: string; testId?: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const button = (
    <Button
      icon={<UploadOutlined />}
      onClick={() => setOpen(true)}
      aria-label={label ?? t('import.title')}
      data-testid={testId ?? 'import-tasks'}
    >
      {label}
    </Button>
  );
  return (
    <>
      {label ? button : <Tooltip title={t('import.title')}>{button}</Tooltip>}
      {open && (
        <Suspense fallback={null}>
          <ImportDialog open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
