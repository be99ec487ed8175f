import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import ResultsView from './ResultsView.jsx'

describe('ResultsView', () => {
  it('says only that the work was submitted when the organization keeps the score', () => {
    render(<ResultsView results={{ status: 'completed', score: null, score_report: null, test_results: { tests_passed: 3, tests_total: 5 } }} />)
    expect(screen.getByRole('heading', { name: 'Assessment submitted' })).toBeInTheDocument()
    expect(screen.getByTestId('submitted-message')).toHaveTextContent('will be in touch')
    expect(screen.queryByTestId('result-score')).not.toBeInTheDocument()
    expect(screen.queryByTestId('result-tests')).not.toBeInTheDocument()
  })

  it('shows the score and tests when the organization shares them', () => {
    render(<ResultsView results={{ status: 'completed', score: 7.4, tests_passed: 4, tests_total: 5, score_report: { signals: [] } }} />)
    expect(screen.getByTestId('result-score')).toHaveTextContent('7.4/10')
    expect(screen.getByTestId('result-tests')).toHaveTextContent('4/5')
  })
})
