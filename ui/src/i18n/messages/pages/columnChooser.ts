/** Messages of the column chooser of the list tables, in both languages; mounted under `columnChooser`. */
export const columnChooserMessages = {
  zh: {
    button: '列',
    title: '显示的列',
    reset: '恢复默认',
  },
  en: {
    button: 'Columns',
    title: 'Visible columns',
    reset: 'Reset to default',
  },
}
