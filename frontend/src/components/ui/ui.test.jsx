import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import Modal from './Modal.jsx'
import Pagination from './Pagination.jsx'
import Tabs from './Tabs.jsx'

describe('Pagination', () => {
  it('shows the range and moves by one page', async () => {
    const user = userEvent.setup()
    const onPrevious = vi.fn()
    const onNext = vi.fn()
    render(<Pagination total={45} limit={20} offset={20} onPrevious={onPrevious} onNext={onNext} />)
    expect(screen.getByText('Showing 21–40 of 45')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(onNext).toHaveBeenCalledTimes(1)
    await user.click(screen.getByRole('button', { name: 'Previous' }))
    expect(onPrevious).toHaveBeenCalledTimes(1)
  })

  it('disables a direction without a handler', () => {
    const { rerender } = render(<Pagination total={45} limit={20} offset={0} onPrevious={null} onNext={() => {}} />)
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled()
    rerender(<Pagination total={45} limit={20} offset={40} onPrevious={() => {}} onNext={null} />)
    expect(screen.getByText('Showing 41–45 of 45')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled()
  })

  it('renders nothing for an empty list', () => {
    const { container } = render(<Pagination total={0} limit={20} offset={0} />)
    expect(container).toBeEmptyDOMElement()
  })
})

function ModalHarness() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <Modal open={open} title="Example" onClose={() => setOpen(false)}>
        <input aria-label="First" />
        <button type="button">Last</button>
      </Modal>
    </>
  )
}

describe('Modal', () => {
  it('focuses inside, traps Tab, closes on Escape and returns focus to the opener', async () => {
    const user = userEvent.setup()
    render(<ModalHarness />)
    await user.click(screen.getByRole('button', { name: 'Open' }))
    expect(screen.getByRole('dialog', { name: 'Example' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Close dialog' })).toHaveFocus()
    await user.tab()
    expect(screen.getByLabelText('First')).toHaveFocus()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Last' })).toHaveFocus()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Close dialog' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus()
  })
})

const SECTIONS = [
  { id: 'one', label: 'One' },
  { id: 'two', label: 'Two' },
  { id: 'three', label: 'Three' },
]

function TabsHarness() {
  const [active, setActive] = useState('one')
  return (
    <Tabs tabs={SECTIONS} active={active} onChange={setActive} label="Sections">
      <p>{active} panel</p>
    </Tabs>
  )
}

describe('Tabs', () => {
  it('is a labelled tablist that moves with the arrow keys, Home and End, and never wraps', async () => {
    const user = userEvent.setup()
    render(<TabsHarness />)
    const list = screen.getByRole('tablist', { name: 'Sections' })
    expect(list.className).toContain('flex-nowrap')
    expect(list.className).toContain('overflow-x-auto')
    expect(screen.getByRole('tabpanel', { name: 'One' })).toHaveTextContent('one panel')
    await user.click(screen.getByRole('tab', { name: 'One' }))
    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('tab', { name: 'Two' })).toHaveFocus()
    expect(screen.getByRole('tab', { name: 'Two' })).toHaveAttribute('aria-selected', 'true')
    await user.keyboard('{End}')
    expect(screen.getByRole('tab', { name: 'Three' })).toHaveFocus()
    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('tab', { name: 'One' })).toHaveFocus()
    await user.keyboard('{ArrowLeft}')
    expect(screen.getByRole('tab', { name: 'Three' })).toHaveFocus()
    await user.keyboard('{Home}')
    expect(screen.getByRole('tabpanel', { name: 'One' })).toBeInTheDocument()
    // Only the selected tab is in the Tab order.
    expect(screen.getByRole('tab', { name: 'Two' })).toHaveAttribute('tabindex', '-1')
  })
})
