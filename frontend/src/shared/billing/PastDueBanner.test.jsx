import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as api from '../api.js'
import PastDueBanner from './PastDueBanner.jsx'

vi.mock('../api.js', () => ({ getBillingUsage: vi.fn() }))

describe('PastDueBanner', () => {
  it('shows the end of the grace period and a way to Billing while past due', async () => {
    api.getBillingUsage.mockResolvedValue({ past_due: true, grace_ends_at: '2026-12-11T10:00:00Z' })
    render(<PastDueBanner />)
    expect(await screen.findByRole('alert')).toHaveTextContent('stays allowed until 11 Dec 2026')
    expect(screen.getByRole('link', { name: 'Go to Billing' })).toHaveAttribute('href', '#/settings?tab=billing')
    expect(api.getBillingUsage).toHaveBeenCalledWith({ limit: 1 })
  })

  it('stays out of the way otherwise', async () => {
    api.getBillingUsage.mockResolvedValue({ past_due: false })
    const { container } = render(<PastDueBanner />)
    await vi.waitFor(() => expect(api.getBillingUsage).toHaveBeenCalled())
    expect(container).toBeEmptyDOMElement()
  })
})
