import { ElMessageBox } from 'element-plus'
import { useI18n } from 'vue-i18n'

/**
 * Returns the function that asks a yes/no question in a warning dialog (its confirm button saying
 * `confirmButtonText`, the other 取消) and resolves to whether it was confirmed.
 */
export function useConfirm() {
  const { t } = useI18n()
  return (message: string, title: string, confirmButtonText: string): Promise<boolean> =>
    ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText,
      cancelButtonText: t('common.cancel'),
    }).then(
      () => true,
      () => false,
    )
}
