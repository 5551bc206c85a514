import { invoke } from '@tauri-apps/api/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  appInfo,
  createExpert,
  listExperts,
  localizedFieldMessage,
  toApiError,
  type ExpertInput,
} from '@/api'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const INPUT: ExpertInput = {
  name: '张三',
  gender: null,
  birthMonth: null,
  education: null,
  title: 'senior',
  organizationId: null,
  position: null,
  discipline: null,
  specialties: [],
  phone: '13800138000',
  email: null,
  idCard: null,
  serviceForm: null,
  batchId: null,
  serviceStart: null,
  serviceEnd: null,
  status: null,
  notes: null,
}

describe('api module', () => {
  beforeEach(() => {
    invokeMock.mockReset()
  })

  it('calls the snake_case command with camelCase argument keys and returns its answer', async () => {
    const page = { items: [], total: 0, page: 1, pageSize: 20 }
    invokeMock.mockResolvedValueOnce(page)
    const query = {
      page: 1,
      pageSize: 20,
      search: '张',
      title: null,
      status: null,
      organizationId: null,
      batchId: null,
      origins: null,
      unserved: false,
      sort: 'updatedAt' as const,
      order: 'desc' as const,
    }
    await expect(listExperts(query)).resolves.toEqual(page)
    expect(invokeMock).toHaveBeenCalledWith('list_experts', { query })
  })

  it('sends no arguments to app_info', async () => {
    invokeMock.mockResolvedValueOnce({ version: '0.1.0', dataDir: '/d', dbPath: '/d/ledger.db', schemaVersion: 1 })
    await expect(appInfo()).resolves.toMatchObject({ schemaVersion: 1 })
    expect(invokeMock).toHaveBeenCalledWith('app_info', undefined)
  })

  it('turns a structured rejection into an ApiError with its code, messages and fields', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'validation',
      message: '输入有误，未保存：手机号码应为 11 位数字，现为 10 位',
      messageEn: 'Invalid input, nothing was saved: a mobile number has 11 digits, this one has 10',
      fields: [
        {
          field: 'phone',
          message: '手机号码应为 11 位数字，现为 10 位',
          messageEn: 'a mobile number has 11 digits, this one has 10',
        },
        { field: 'name', message: '请输入姓名', messageEn: 'Name is required' },
      ],
    })
    const error = await createExpert(INPUT).catch((e: unknown) => e)
    expect(invokeMock).toHaveBeenCalledWith('create_expert', { input: INPUT })
    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.code).toBe('validation')
    expect(apiError.message).toContain('未保存')
    expect(apiError.messageEn).toContain('nothing was saved')
    expect(apiError.fields.map((f) => f.field)).toEqual(['phone', 'name'])
    expect(apiError.localized('en')).toBe(apiError.messageEn)
    expect(apiError.localized('zh-CN')).toBe(apiError.message)
    const [phone] = apiError.fields
    expect(phone && localizedFieldMessage(phone, 'en')).toBe('a mobile number has 11 digits, this one has 10')
    expect(phone && localizedFieldMessage(phone, 'zh-CN')).toBe('手机号码应为 11 位数字，现为 10 位')
  })

  it('wraps a plain string rejection (e.g. Tauri argument decoding) as code "internal"', async () => {
    const text = 'invalid args `query` for command `list_experts`: missing field `page`'
    invokeMock.mockRejectedValueOnce(text)
    const error = await listExperts({} as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'internal', message: text, messageEn: text, fields: [] })
  })

  it('treats objects that only look partly like the payload as internal errors', () => {
    const odd = { code: 'validation', message: 'x', fields: 'not a list' }
    const error = toApiError(odd)
    expect(error.code).toBe('internal')
    expect(error.message).toBe(JSON.stringify(odd))
    expect(toApiError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' })
  })
})
