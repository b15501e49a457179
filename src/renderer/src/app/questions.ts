// The dialogs that ask or tell (delete, bulk delete, cancel a run, a bulk action's outcome): antd's own,
// faded in where they stand instead of zoomed. antd's zoom lays a dialog's buttons out at full size in its
// first frames (invisible, yet under the pointer), then shrinks them to a fifth and grows them back, so a
// click begun on a button as the dialog appeared ended on the backdrop and was lost: the dialog stayed,
// and nothing said why. Faded, every button is where it will stay from its first frame.
// UnsavedChangesDialog (a dialog of its own, not antd's confirm) fades the same way.
import { App, ConfigProvider, type ModalFuncProps } from 'antd';
import { useContext, useMemo } from 'react';

export type Questions = ReturnType<typeof App.useApp>['modal'];

/** App.useApp()'s `modal`, every dialog it opens faded in rather than zoomed. */
export function useQuestions(): Questions {
  const { modal } = App.useApp();
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  return useMemo(() => {
    const faded = (config: ModalFuncProps): ModalFuncProps => ({
      transitionName: getPrefixCls('fade'),
      ...config,
    });
    return {
      confirm: (config) => modal.confirm(faded(config)),
      info: (config) => modal.info(faded(config)),
      success: (config) => modal.success(faded(config)),
      error: (config) => modal.error(faded(config)),
      warning: (config) => modal.warning(faded(config)),
    };
  }, [modal, getPrefixCls]);
}
