/**
 * 证明材料 and 打印表单: the evidence mark of an attachment (服务确认书 / 走访记录表, 现场照片), the marks and the
 * 缺确认单 filter of the visit list and the service ledger, and printing the 服务确认单 / 走访记录表.
 */
export const evidenceMessages = {
  zh: {
    kinds: {
      confirmation: {
        service_record: '服务确认书',
        visit: '走访记录表',
      },
      photo: '现场照片',
      agreement: '三方协议',
      none: '未标记',
    },
    markLabel: '标记为',
    markFailed: '标记未保存：{message}',
    marked: '已将“{name}”标为{kind}',
    unmarked: '已取消“{name}”的标记',
    uploadAs: '新文件标为',
    marks: {
      confirmation: '有{kind}',
      noConfirmation: '缺{kind}',
      photo: '有现场照片',
      confirmationShort: '确',
      photoShort: '照',
    },
    missingFilter: '缺确认单',
    missingFilterHint: '只看还没有标为{kind}的附件的记录',
    print: {
      service_confirmation: '打印确认单',
      visit_record: '打印走访记录表',
      selected: '打印所选（{n}）',
      saveTitle: '保存{name}',
      xlsxFilter: 'Excel 工作簿',
      done: '已生成 {n} 份{name}：{path}',
      failed: '{name}未生成：{message}',
      showInFolder: '在文件夹中显示',
    },
    names: {
      service_confirmation: '服务确认单',
      visit_record: '走访记录表',
    },
  },
  en: {
    kinds: {
      confirmation: {
        service_record: 'Service confirmation',
        visit: 'Visit record form',
      },
      photo: 'On-site photo',
      agreement: 'Signed agreement',
      none: 'Not marked',
    },
    markLabel: 'Mark as',
    markFailed: 'The mark was not saved: {message}',
    marked: '"{name}" is marked as {kind}',
    unmarked: '"{name}" is no longer marked',
    uploadAs: 'Mark new files as',
    marks: {
      confirmation: '{kind} attached',
      noConfirmation: 'No {kind}',
      photo: 'On-site photo attached',
      confirmationShort: 'C',
      photoShort: 'P',
    },
    missingFilter: 'No confirmation',
    missingFilterHint: 'Only records without an attachment marked as {kind}',
    print: {
      service_confirmation: 'Print confirmation',
      visit_record: 'Print visit form',
      selected: 'Print selected ({n})',
      saveTitle: 'Save {name}',
      xlsxFilter: 'Excel workbook',
      done: '{n} {name} written: {path}',
      failed: '{name} not written: {message}',
      showInFolder: 'Show in folder',
    },
    names: {
      service_confirmation: 'service confirmations',
      visit_record: 'visit record forms',
    },
  },
}
