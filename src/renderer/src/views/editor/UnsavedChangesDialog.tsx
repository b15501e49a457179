// Asked when a changed task editor is about to close (Escape, the drawer's close, Cancel): the edits are
// only thrown away on purpose. Keep editing is the default (focused) answer, so a stray Enter loses nothing.
// It fades in where it stands rather than zooming: antd's zoom lays the buttons out at full size for the
// first frames (invisible, yet under the pointer), then shrinks them to a fifth and grows them back, so a
// click begun on Discard as the question appeared ended on the backdrop and was lost (the editor stayed
// open). Faded, every button is where it will stay from its first frame: a press and its release meet.
import { Button, ConfigProvider, Modal, Space } from 'antd';
import { useContext } from 'react';
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
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  return (
    <Modal
      open={open}
      transitionName={getPrefixCls('fade')}
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
