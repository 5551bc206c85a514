import 'dayjs/locale/zh-cn'
import 'element-plus/dist/index.css'
import './styles/base.css'
import './styles/form.css'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'

createApp(App).use(createAppI18n()).use(createAppRouter()).mount('#app')
