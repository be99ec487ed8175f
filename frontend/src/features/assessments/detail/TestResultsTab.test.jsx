import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import TestResultsTab from './TestResultsTab.jsx'

const SUMMARY = 'the submission did not import: SyntaxError at line 12 of solution.py: invalid syntax'
const didNotRun = (name) => ({ name, outcome: 'error', duration_ms: 0, message: `did not run: ${SUMMARY}` })

describe('TestResultsTab', () => {
  it('says why the hidden tests could not run, then still lists every test', () => {
    render(
      <TestResultsTab
        results={{ tests_passed: 0, tests_total: 2, error_summary: SUMMARY, test_details: [didNotRun('test_hidden::test_a'), didNotRun('test_hidden::test_b')] }}
      />,
    )
    expect(screen.getByRole('status')).toHaveTextContent(`The hidden tests could not run this submission: ${SUMMARY}`)
    expect(screen.getAllByRole('listitem')).toHaveLength(2)
    expect(screen.getByText('test_hidden::test_a')).toBeInTheDocument()
    expect(screen.getAllByText(`did not run: ${SUMMARY}`)).toHaveLength(2)
  })

  it('shows the reason even when no test is listed', () => {
    render(<TestResultsTab results={{ error_summary: SUMMARY, test_details: [] }} />)
    expect(screen.getByRole('status')).toHaveTextContent(SUMMARY)
    expect(screen.getByText('No test results')).toBeInTheDocument()
  })

  it('has no notice when the tests ran', () => {
    render(<TestResultsTab results={{ error_summary: null, test_details: [{ name: 'test_a', outcome: 'passed', duration_ms: 3, message: '' }] }} />)
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.getByText('test_a')).toBeInTheDocument()
  })
})
