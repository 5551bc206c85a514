import type { BackupReason } from '@/api'

/**
 * Messages of 数据安全 (设置 → 数据安全, the start-up screen shown when the database cannot be opened, and the
 * warnings about skipped backups), in both languages; zh-CN.ts and en.ts mount them under `dataSafetyPage`. The two
 * objects must have the same keys (the locale test checks the merged files).
 */
export const dataSafetyPageMessages = {
  zh: {
    heading: '数据安全',
    hint: '每天第一次打开程序时自动备份（保留最近 14 份每日、8 份每周和 12 份每月备份），导入、恢复和升级前也会先备份。每份备份都包含数据库和全部附件（照片、扫描件），写入后逐一校验。请定期用“备份到…”把数据另存到 U 盘等其他位置。',
    dataDir: '数据文件夹',
    reasons: {
      daily: '每日',
      weekly: '每周',
      monthly: '每月',
      migration: '升级前',
      import: '导入前',
      undo: '撤销导入前',
      restore: '恢复前',
      manual: '手动',
      damaged: '损坏文件留存',
    } satisfies Record<BackupReason, string>,
    loadFailed: '数据文件夹和备份列表加载失败：{message}',
    dialogFailed: '无法打开选择窗口：{message}',
    table: {
      title: '自动与手动备份',
      createdAt: '时间',
      reason: '类型',
      size: '大小（MB）',
      schemaVersion: '版本',
      empty: '还没有备份',
    },
    backup: {
      now: '立即备份',
      toFolder: '备份到…',
      folderTitle: '选择存放备份的文件夹（如 U 盘）',
      done: '已备份：{name}',
      doneToFolder: '已备份到 {folder}：{name}',
      failed: '备份失败：{message}',
    },
    restore: {
      action: '恢复',
      fromFile: '从文件恢复…',
      fileTitle: '选择要恢复的备份文件',
      filterName: '台账备份或数据库',
      title: '恢复数据',
      confirm: '恢复将用该备份替换当前数据；恢复前会先自动备份当前数据库。确定用“{name}”恢复吗？',
      failed: '恢复失败：{message}',
    },
    plainBackups: {
      title: '设置密码前的备份没有加密',
      question:
        '备份文件夹中有 {n} 份设置密码前做的备份，没有加密：其中的姓名、身份证号、电话等个人信息是明文，拿到文件的人都能读取。建议重新加密（每份加密后逐一校验，再替换原文件）；也可以删除。',
      ssd: '说明：删除后文件内容可能仍残留在磁盘上，固态硬盘（SSD）会自行搬移数据，任何程序都无法保证彻底擦除。',
      encrypt: '加密',
      remove: '删除',
      later: '暂不处理',
      encrypted: '已重新加密 {n} 份备份。',
      removed: '已删除 {n} 份未加密的备份。',
      left: '仍有 {n} 份备份未能加密（可能已损坏），列表中标为“未加密”。',
      failed: '处理未加密的备份失败：{message}',
      tag: '未加密',
      tagTitle: '设置密码前做的备份，没有加密',
    },
    backupPassword: {
      title: '备份已加密',
      prompt: '这份备份设置了应用密码。请输入备份时使用的密码或恢复码：',
      placeholder: '备份的密码或恢复码',
      required: '请输入密码或恢复码',
      confirm: '恢复',
    },
    restored: {
      title: '恢复完成',
      done: '已从“{name}”恢复数据。',
      safety: '恢复前的数据库已备份为“{name}”。',
      damaged: '无法打开的原文件已留存为“{name}”。',
      reload: '点“确定”后程序重新载入数据。',
      ok: '确定',
    },
    move: {
      action: '迁移数据文件夹…',
      folderTitle: '选择新的数据文件夹（空文件夹，如加密盘中的文件夹）',
      title: '迁移数据文件夹',
      confirm:
        '把数据文件夹迁移到 {to} 吗？数据库和附件会复制到新位置并校验，原文件夹保留不删除（其中的备份文件留在原处）。迁移后程序在新位置继续工作。',
      confirmButton: '迁移',
      doneTitle: '迁移完成',
      done: '数据文件夹已迁移到 {to}：数据库和 {n} 个附件（{size}）已复制并校验。原文件夹 {from} 保留未删除，确认新位置无误后可自行处理。',
      failed: '迁移失败，仍使用原数据文件夹：{message}',
    },
    notice: {
      title: '{reason}备份未完成',
    },
    startup: {
      title: '数据库无法打开',
      tooNew:
        '这个数据库文件由更新版本的本程序创建，本程序不会改动它。请安装最新版本后再打开；如需改用其他备份文件，可以从文件恢复。',
      inUse: '数据库正被另一个程序使用。请关闭另一个打开了本台账的程序窗口（或正在使用它的脚本），然后点“重试”。',
      readOnly:
        '无法写入数据文件夹。请检查该文件夹的权限（本程序需要能写入它），以及它所在的磁盘是否只读，然后点“重试”。',
      io: '读写数据文件夹时出错。请检查磁盘：移动硬盘或 U 盘是否已连接、磁盘空间是否已满、磁盘是否有故障，然后点“重试”。',
      missing:
        '数据文件夹中找不到数据库文件（可能被误删或移走），但备份文件夹中有它的备份。为了不让一个新的空台账的每日备份挤掉这些完好的备份，程序没有新建台账。请用最近一份完好的备份恢复；如果数据库文件只是被移到了别处，也可以点“从其他文件恢复…”选择它。',
      retry: '重试',
      retryFailed: '仍无法打开：{message}',
      recoverHint: '可以用备份恢复：无法打开的文件不会被删除，会留存在备份文件夹中。',
      newest: '最近一份完好的备份：{date}（{size}）',
      noBackup: '没有找到完好的自动备份。如有其他备份文件（如 U 盘中的），可以从文件恢复。',
      recoverNewest: '用这份备份恢复',
      recoverFile: '从其他文件恢复…',
      confirmTitle: '用备份恢复',
      confirm: '将用“{name}”替换无法打开的数据库；原文件会留存在备份文件夹中。确定恢复吗？',
    },
  },
  en: {
    heading: 'Data safety',
    hint: 'The ledger is backed up the first time the app opens each day (the last 14 daily, 8 weekly and 12 monthly backups are kept), and before every import, restore and upgrade. Every backup holds the database and all attachments (photos, scans), each checked after writing. Use "Back up to…" regularly to keep a copy elsewhere, e.g. on a USB stick.',
    dataDir: 'Data folder',
    reasons: {
      daily: 'Daily',
      weekly: 'Weekly',
      monthly: 'Monthly',
      migration: 'Before upgrade',
      import: 'Before import',
      undo: 'Before undoing an import',
      restore: 'Before restore',
      manual: 'Manual',
      damaged: 'Damaged file kept',
    } satisfies Record<BackupReason, string>,
    loadFailed: 'The data folder and the backups could not be loaded: {message}',
    dialogFailed: 'The dialog could not be opened: {message}',
    table: {
      title: 'Automatic and manual backups',
      createdAt: 'Time',
      reason: 'Type',
      size: 'Size (MB)',
      schemaVersion: 'Version',
      empty: 'No backups yet',
    },
    backup: {
      now: 'Back up now',
      toFolder: 'Back up to…',
      folderTitle: 'Choose the folder for the backup (e.g. a USB stick)',
      done: 'Backed up: {name}',
      doneToFolder: 'Backed up to {folder}: {name}',
      failed: 'Backup failed: {message}',
    },
    restore: {
      action: 'Restore',
      fromFile: 'Restore from file…',
      fileTitle: 'Choose the backup file to restore',
      filterName: 'Ledger backup or database',
      title: 'Restore data',
      confirm:
        'Restoring replaces the current data with this backup; the current database is backed up first. Restore from "{name}"?',
      failed: 'Restore failed: {message}',
    },
    plainBackups: {
      title: 'Backups made before the password are not encrypted',
      question:
        'The backups folder holds {n} backups made before the password was set. They are not encrypted: names, ID numbers and phone numbers in them can be read by anyone who gets the files. Re-encrypting them is recommended (each is encrypted and checked before it replaces the plain one); you can also remove them.',
      ssd: 'Note: a removed file may stay readable on the disk for a while; an SSD moves data around by itself, so no program can promise to wipe it.',
      encrypt: 'Encrypt',
      remove: 'Remove',
      later: 'Not now',
      encrypted: '{n} backups were re-encrypted.',
      removed: '{n} unencrypted backups were removed.',
      left: '{n} backups could not be encrypted (they may be damaged); the list marks them "not encrypted".',
      failed: 'The unencrypted backups could not be handled: {message}',
      tag: 'Not encrypted',
      tagTitle: 'Made before the password was set; not encrypted',
    },
    backupPassword: {
      title: 'The backup is encrypted',
      prompt: 'This backup was made with an app password. Enter the password it was made with, or its recovery code:',
      placeholder: "The backup's password or recovery code",
      required: 'Enter the password or the recovery code',
      confirm: 'Restore',
    },
    restored: {
      title: 'Restore finished',
      done: 'The data was restored from "{name}".',
      safety: 'The database as it was before is backed up as "{name}".',
      damaged: 'The file that could not be opened is kept as "{name}".',
      reload: 'Click OK to reload the data.',
      ok: 'OK',
    },
    move: {
      action: 'Move data folder…',
      folderTitle: 'Choose the new data folder (an empty folder, e.g. on an encrypted drive)',
      title: 'Move data folder',
      confirm:
        'Move the data folder to {to}? The database and attachments are copied there and checked; the old folder is kept as it is (its backups stay there). The app then goes on in the new place.',
      confirmButton: 'Move',
      doneTitle: 'Data folder moved',
      done: 'The data folder is now {to}: the database and {n} attachments ({size}) were copied and checked. The old folder {from} was not deleted; remove it yourself once the new place is confirmed to work.',
      failed: 'Moving failed; the old data folder is still in use: {message}',
    },
    notice: {
      title: 'Backup skipped ({reason})',
    },
    startup: {
      title: 'The database cannot be opened',
      tooNew:
        'This database file was made by a newer version of this app, and this version leaves it untouched. Install the latest version to open it; to use another backup file instead, restore from a file.',
      inUse:
        'Another program is using the database. Close the other window that has this ledger open (or the script using it), then click "Try again".',
      readOnly:
        'The data folder cannot be written. Check the folder\'s permissions (this app must be able to write to it) and whether its disk is read-only, then click "Try again".',
      io: 'Reading or writing the data folder failed. Check the disk: is the external drive or USB stick connected, is the disk full, is it failing? Then click "Try again".',
      missing:
        'The database file is missing from the data folder (deleted or moved by mistake), but its backups are in the backups folder. The app did not create a new empty ledger, so its daily backups cannot push the good ones out. Recover from the newest good backup; if the database file was only moved elsewhere, you can also choose it with "Recover from another file…".',
      retry: 'Try again',
      retryFailed: 'Still cannot be opened: {message}',
      recoverHint:
        'You can recover from a backup: the file that cannot be opened is not deleted but kept in the backups folder.',
      newest: 'Newest good backup: {date} ({size})',
      noBackup:
        'No good automatic backup was found. If you have another backup file (e.g. on a USB stick), restore from it.',
      recoverNewest: 'Recover from this backup',
      recoverFile: 'Recover from another file…',
      confirmTitle: 'Recover from a backup',
      confirm:
        'The database that cannot be opened will be replaced with "{name}"; the old file is kept in the backups folder. Recover?',
    },
  },
}
