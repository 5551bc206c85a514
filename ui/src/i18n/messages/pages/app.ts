/** Messages of the app’s name (window title, header), in both languages; mounted under `app`. */
export const appMessages = {
  zh: {
    title: '科技专员服务台账',
  },
  en: {
    title: 'S&T Commissioner Service Ledger',
  },
}
