import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import Table from './Table.jsx'

const COLUMNS = [
  { key: 'name', header: 'Name', render: (row) => <a href={`#/people/${row.id}`}>{row.name}</a> },
  { key: 'role', header: 'Role', className: 'font-bold' },
]
const ROWS = [
  { id: 1, name: 'Ada', role: 'Engineer' },
  { id: 2, name: 'Grace', role: 'Admiral' },
]

describe('Table', () => {
  it('renders column headers and one row per record, with custom and plain cells', () => {
    render(<Table columns={COLUMNS} rows={ROWS} caption="People" />)
    const table = screen.getByRole('table', { name: 'People' })
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Name', 'Role'])
    const [, first, second] = within(table).getAllByRole('row')
    expect(within(first).getByRole('link', { name: 'Ada' })).toHaveAttribute('href', '#/people/1')
    expect(within(second).getByText('Admiral')).toHaveClass('font-bold')
  })

  it('shows a spinner before the first answer and nothing once a failed load left no rows', () => {
    const { rerender, container } = render(<Table columns={COLUMNS} rows={undefined} loading loadingLabel="Loading people…" />)
    expect(screen.getByRole('status')).toHaveTextContent('Loading people…')
    rerender(<Table columns={COLUMNS} rows={undefined} loading={false} />)
    expect(container).toBeEmptyDOMElement()
  })

  it('shows the empty state for an empty list instead of a header-only table', () => {
    render(<Table columns={COLUMNS} rows={[]} empty={<p>Nobody yet</p>} />)
    expect(screen.getByText('Nobody yet')).toBeInTheDocument()
    expect(screen.queryByRole('table')).toBeNull()
  })

  it('keeps the rows on screen, marked busy, while reloading', () => {
    const { container } = render(<Table columns={COLUMNS} rows={ROWS} loading />)
    expect(screen.getAllByRole('row')).toHaveLength(3)
    expect(container.firstChild).toHaveAttribute('aria-busy', 'true')
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('reads the key from another field and highlights the selected row', () => {
    const rows = ROWS.map(({ id, ...rest }) => ({ ...rest, person_id: id }))
    render(<Table columns={COLUMNS} rows={rows} rowKey="person_id" selectedKey={2} />)
    const [, first, second] = screen.getAllByRole('row')
    expect(first).not.toHaveAttribute('data-selected')
    expect(second).toHaveAttribute('data-selected', 'true')
    expect(second).toHaveClass('bg-brand-light')
  })

  it('passes a clicked row to onRowClick', async () => {
    const user = userEvent.setup()
    const onRowClick = vi.fn()
    render(<Table columns={COLUMNS} rows={ROWS} onRowClick={onRowClick} />)
    await user.click(screen.getByText('Admiral'))
    expect(onRowClick).toHaveBeenCalledWith(ROWS[1])
  })
})
