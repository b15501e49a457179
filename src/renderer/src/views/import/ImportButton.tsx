// The button that opens the import dialog (the tasks view's toolbar, Settings). The dialog (and the
// text checks it brings) loads on the first click, not with the view.
import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useT } from '../../i18n/i18n';

const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));

export function ImportButton({ label, testId }: { label?: string; testId?: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid={testId ?? 'import-tasks'}>
        {label ?? t('import.open')}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <ImportDialog open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
