import { formatLocalDateTime } from '@/utils/datetime'

/** A column's width in pixels, or by language where English labels need more room than Chinese ones. */
export type ColumnWidth = number | { zh: number; en: number }

/** A row action offered by `LinkActions` (and, with 结对, by the 更多 menu of `RowActions`). */
export type RowAction = 'edit' | 'history' | 'delete'

/**
 * One column of a `ListTable`, described instead of written out. `key` names the header (`<messages>.columns.<key>`),
 * the cell slot (`cell-<key>`, given `{ row, act }`) and the column in the table's `visible` list. A cell without a
 * slot shows `text(row)`: as a link to `link(row)`, or in a span when it is `tabular`, a `figure` or has a `testid`.
 */
export interface ListColumn<R> {
  key: string
  /** The key the server sorts by (`true`: the column's key); the column sorts when given. */
  sort?: true | string
  /** The order the rows arrive in, when this column is the one they are sorted by. */
  initial?: 'ascending' | 'descending'
  width?: ColumnWidth
  minWidth?: number
  align?: 'center' | 'right'
  /** Kept at the left edge (the record's name), and shown bold. */
  fixed?: boolean
  /** Long text cut, with the whole of it in a tooltip. */
  tooltip?: boolean
  /** Shown only when the table's `visible` lists it (or the table has no `visible`). */
  optional?: boolean
  /** The cell's text; 「—」 when it is null, undefined or empty. */
  text?: (row: R) => string | null | undefined
  link?: (row: R) => string
  /** Equal-width digits (`.tabular`). */
  tabular?: boolean
  /** Figures: equal-width digits, right-aligned. */
  figure?: boolean
  /** The cell's test id after `<testid>-row-`, e.g. `name`. */
  testid?: string
}

/**
 * The actions column of a `ListTable`: `menu` for 编辑, 结对 and a 更多 menu (`RowActions`), or the text buttons
 * listed (`LinkActions`). Its test ids start `<testid>-row`.
 */
export interface ListActions {
  actions: 'menu' | readonly RowAction[]
  width: ColumnWidth
}

/** A registry list's first column: the record's name, kept at the left and linking to its page (`<path>/<id>`). */
export function nameColumn<R extends { id: string; name: string }>(path: string, minWidth: number): ListColumn<R> {
  return {
    key: 'name',
    sort: 'name',
    minWidth,
    fixed: true,
    link: (r) => `${path}/${r.id}`,
    text: (r) => r.name,
    testid: 'name',
  }
}

/** 更新时间 (local time), the column a registry list arrives sorted by, newest first. */
export function updatedAtColumn<R extends { updatedAt: string }>(): ListColumn<R> {
  const text = (r: R) => formatLocalDateTime(r.updatedAt)
  return { key: 'updatedAt', sort: 'updatedAt', initial: 'descending', width: 124, optional: true, tabular: true, text }
}

/** The enterprise a row belongs to, linking to its page; test id `<testid>-row-enterprise`. */
export function enterpriseColumn<R extends { enterpriseId: string; enterpriseName: string }>(
  minWidth: number,
): ListColumn<R> {
  const link = (r: R) => `/enterprises/${r.enterpriseId}`
  return { key: 'enterprise', minWidth, tooltip: true, testid: 'enterprise', link, text: (r) => r.enterpriseName }
}

/** The expert a row belongs to, linking to their page; test id `<testid>-row-expert`. */
export function expertColumn<R extends { expertId: string; expertName: string }>(width: ColumnWidth): ListColumn<R> {
  const link = (r: R) => `/experts/${r.expertId}`
  return { key: 'expert', width, tooltip: true, testid: 'expert', link, text: (r) => r.expertName }
}

/** The key a column sorts by, if it sorts. */
export function sortKeyOf<R>(column: ListColumn<R>): string | undefined {
  return column.sort === true ? column.key : column.sort
}

/** A width in pixels for the interface language `locale`. */
export function widthIn(width: ColumnWidth | undefined, locale: string): number | undefined {
  return typeof width === 'object' ? width[locale === 'en' ? 'en' : 'zh'] : width
}

/** 来源: the origins a row's record came from (shown only when the ledger holds several; see `useOrigins`). */
export function originsColumn<R extends { origins: readonly string[] }>(): ListColumn<R> {
  return { key: 'origins', minWidth: 96, tooltip: true, testid: 'origins', text: (r) => r.origins.join('、') }
}

/** A list's columns with 来源 last when `several` origins meet in the ledger. */
export function withOrigins<R extends { origins: readonly string[] }>(
  columns: readonly ListColumn<R>[],
  several: boolean,
): ListColumn<R>[] {
  return several ? [...columns, originsColumn<R>()] : [...columns]
}
