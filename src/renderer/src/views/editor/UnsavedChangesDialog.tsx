// Asked when a changed task editor is about to close (Escape, the drawer's close, Cancel): the edits are
// only thrown away on purpose. Keep editing is the default (focused) answer, so a stray Enter loses nothing.
import { Button, Modal, Space } from 'antd';
import { useT } from '../../i18n/i18n';

export function UnsavedChangesDialog({
  open,
  onDiscard,
  onKeepEditing,
  onSave,
}: {
  open: boolean;
  onDiscard(): void;
  onKeepEditing(): void;
  onSave(): void;
}) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={t('editor.unsaved.title')}
      onCancel={onKeepEditing}
      destroyOnHidden
      data-testid="editor-unsaved"
      footer={
        <Space>
          <Button danger onClick={onDiscard} data-testid="editor-unsaved-discard">
            {t('editor.unsaved.discard')}
          </Button>
          <Button autoFocus onClick={onKeepEditing} data-testid="editor-unsaved-keep">
            {t('editor.unsaved.keep')}
          </Button>
          <Button type="primary" onClick={onSave} data-testid="editor-unsaved-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {t('editor.unsaved.body')}
    </Modal>
  );
}
