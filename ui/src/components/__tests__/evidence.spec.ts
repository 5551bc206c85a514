import { describe, expect, it } from 'vitest'
import {
  confirmationLabelKey,
  evidenceLabelKey,
  formKindOf,
  formsFileName,
  markOf,
  markOption,
  markOptions,
  MARK_OPTIONS,
  defaultUploadMark,
} from '../evidence'

describe('evidence', () => {
  it('names a confirmation after its owner: 走访记录表 for a visit, 服务确认书 for a service record', () => {
    expect(evidenceLabelKey('confirmation', 'visit')).toBe('evidence.kinds.confirmation.visit')
    expect(evidenceLabelKey('confirmation', 'service_record')).toBe('evidence.kinds.confirmation.service_record')
    expect(confirmationLabelKey('service_record')).toBe('evidence.kinds.confirmation.service_record')
    expect(evidenceLabelKey('photo', 'visit')).toBe('evidence.kinds.photo')
    expect(evidenceLabelKey(null, 'service_record')).toBe('evidence.kinds.none')
  })

  it('offers 未标记, the confirmation and the photo, and maps the select’s options back to marks', () => {
    expect(MARK_OPTIONS).toEqual(['none', 'confirmation', 'photo'])
    expect(markOption(null)).toBe('none')
    expect(markOption('photo')).toBe('photo')
    expect(markOf('none')).toBeNull()
    expect(markOf('confirmation')).toBe('confirmation')
    expect(markOf('stamp')).toBeNull()
    expect(markOf(null)).toBeNull()
  })

  it('offers a pairing’s file only its 三方协议, and marks a new one so', () => {
    expect(markOptions('assignment')).toEqual(['none', 'agreement'])
    expect(markOptions('visit')).toEqual(MARK_OPTIONS)
    expect(markOptions('service_record')).toEqual(MARK_OPTIONS)
    expect(defaultUploadMark('assignment')).toBe('agreement')
    expect(defaultUploadMark('visit')).toBeNull()
    expect(evidenceLabelKey('agreement', 'assignment')).toBe('evidence.kinds.agreement')
  })

  it('prints the form of the record’s kind', () => {
    expect(formKindOf('visit')).toBe('visit_record')
    expect(formKindOf('service_record')).toBe('service_confirmation')
  })

  it('offers a Chinese file name: the enterprise and date of one record, the count of several', () => {
    const one = [{ date: '2024-03-05', enterpriseName: '宁波精密机械有限公司' }]
    expect(formsFileName('service_confirmation', one)).toBe('服务确认单_宁波精密机械有限公司_2024-03-05.xlsx')
    expect(formsFileName('visit_record', [...one, ...one, ...one])).toBe('走访记录表_3份.xlsx')
    expect(formsFileName('visit_record', [{ date: '2024-01-02', enterpriseName: 'A/B:C*公司' }])).toBe(
      '走访记录表_A_B_C_公司_2024-01-02.xlsx',
    )
  })
})
