/** Messages of the app’s name (window title, header), in both languages; mounted under `app`. */
export const appMessages = {
  zh: {
    title: '科技专员服务台账',
    startupCheck: '正在检查数据文件（上次未正常关闭或文件有变动）。可以查看，检查通过后才能保存。',
  },
  en: {
    title: 'S&T Commissioner Service Ledger',
    startupCheck:
      'Checking the data file (the last session did not close normally, or the file changed). You can look around; saving waits until the check passes.',
  },
}
