/**
 * Messages of words shared by every page (buttons, states, generic messages), in both languages; mounted under
 * `common`.
 */
export const commonMessages = {
  zh: {
    save: '保存',
    saveAndNew: '保存并新增',
    cancel: '取消',
    empty: '—',
    edit: '编辑',
    delete: '删除',
    history: '历史',
    actions: '操作',
    more: '更多',
    moreActions: '更多操作',
    retry: '重试',
    yes: '是',
    no: '否',
    conflict: '该记录刚被其他人修改过，已载入最新内容，请核对后重新修改并保存',
  },
  en: {
    save: 'Save',
    saveAndNew: 'Save and new',
    cancel: 'Cancel',
    empty: '—',
    edit: 'Edit',
    delete: 'Delete',
    history: 'History',
    actions: 'Actions',
    more: 'More',
    moreActions: 'More actions',
    retry: 'Try again',
    yes: 'Yes',
    no: 'No',
    conflict:
      'Someone else has just changed this record; the latest version is loaded, please check it and make your changes again',
  },
}
