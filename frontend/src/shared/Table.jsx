import { Spinner } from '../components/ui/index.js'

// The one table markup behind every list of records, so headers, borders and the loading and empty states match.
// `rows` is undefined until the first answer (a spinner while loading) and [] for an empty list (`empty` shows).
// A reload keeps the rows on screen, dimmed and busy, so the page does not jump.
// A table row cannot take keyboard focus: a row with `onRowClick` must also hold a link or button that does the same.
// Sorting is the caller's (the server sorts): a column with `sortKey` gets a header button, `sort` is the current
// order ('score' or '-score') and `onSort(next)` asks for another; the header says which way with aria-sort.
export default function Table({
  columns,
  rows,
  rowKey = 'id',
  caption,
  loading = false,
  loadingLabel = 'Loading…',
  empty = null,
  minWidth = '',
  hover = false,
  selectedKey,
  onRowClick,
  sort,
  onSort,
}) {
  if (!rows) return loading ? <Spinner label={loadingLabel} /> : null
  if (rows.length === 0) return empty
  const keyOf = typeof rowKey === 'function' ? rowKey : (row) => row[rowKey]
  return (
    <div aria-busy={loading || undefined} className={`overflow-x-auto border-2 border-ink ${loading ? 'opacity-60' : ''}`}>
      <table className={`w-full text-left text-sm ${minWidth}`}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-ink text-paper">
          <tr>
            {columns.map((column) =>
              column.sortKey && onSort ? (
                <SortableHeader key={column.key} column={column} sort={sort} onSort={onSort} />
              ) : (
                <th key={column.key} scope="col" className="px-3 py-2 font-bold uppercase">
                  {column.header}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = keyOf(row)
            const selected = selectedKey !== undefined && selectedKey !== null && key === selectedKey
            return (
              <tr
                key={key}
                data-selected={selected || undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
                className={`border-t-2 border-ink ${selected ? 'bg-brand-light' : ''} ${hover && !selected ? 'hover:bg-brand-light' : ''} ${onRowClick ? 'cursor-pointer' : ''}`}
              >
                {columns.map((column) => (
                  <td key={column.key} className={`px-3 py-2 ${column.className ?? ''}`}>
                    {column.render ? column.render(row) : row[column.key]}
                  </td>
                ))}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

// Which way `sort` orders `key`: 'ascending', 'descending' or 'none'.
export function sortState(sort, key) {
  if (sort === key) return 'ascending'
  if (sort === `-${key}`) return 'descending'
  return 'none'
}

// The order a click asks for: the other way when the column is already the sort, else its natural first way
// (`sortFirst: 'desc'` for columns read best-first, such as a score).
export function nextSort(sort, column) {
  const state = sortState(sort, column.sortKey)
  const descending = state === 'none' ? column.sortFirst === 'desc' : state === 'ascending'
  return descending ? `-${column.sortKey}` : column.sortKey
}

const ARROWS = { ascending: '▲', descending: '▼', none: '↕' }

function SortableHeader({ column, sort, onSort }) {
  const state = sortState(sort, column.sortKey)
  return (
    <th scope="col" aria-sort={state} className="px-3 py-2 font-bold uppercase">
      <button type="button" onClick={() => onSort(nextSort(sort, column))} className="inline-flex items-center gap-1 font-bold uppercase hover:text-brand focus-visible:outline-2 focus-visible:outline-brand">
        {column.header}
        <span aria-hidden="true" className={state === 'none' ? 'opacity-50' : ''}>
          {ARROWS[state]}
        </span>
      </button>
    </th>
  )
}
