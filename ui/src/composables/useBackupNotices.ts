import { ElNotification } from 'element-plus'
import { onBeforeUnmount } from 'vue'
import { useI18n } from 'vue-i18n'
import { backupNotices, type BackupNotice } from '@/api'

/**
 * How often the app asks again for backup notices. The day's backup runs on a worker thread after the ledger opens
 * (a large ledger takes a while to copy and check), so a problem with it may come after the first question.
 */
export const BACKUP_NOTICE_INTERVAL_MS = 60_000

/**
 * Warnings about backups that were due but not made (the disk nearly full …), each shown once as a notification that
 * stays until closed. `start` asks now and then every {@link BACKUP_NOTICE_INTERVAL_MS} until the component unmounts.
 */
export function useBackupNotices(): { start: () => void } {
  const { t, locale } = useI18n()
  let timer: ReturnType<typeof setInterval> | undefined

  function show(notice: BackupNotice): void {
    ElNotification({
      type: 'warning',
      title: t('dataSafetyPage.notice.title', { reason: t(`dataSafetyPage.reasons.${notice.reason}`) }),
      message: locale.value === 'en' ? notice.messageEn : notice.message,
      duration: 0,
    })
  }

  async function check(): Promise<void> {
    try {
      for (const notice of await backupNotices()) show(notice)
    } catch {
      // Nothing to show: a check that fails has given out no notice.
    }
  }

  onBeforeUnmount(() => clearInterval(timer))

  return {
    start() {
      void check()
      timer = setInterval(() => void check(), BACKUP_NOTICE_INTERVAL_MS)
    },
  }
}
