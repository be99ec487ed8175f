import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import ConsolePanel from './ConsolePanel.jsx'

const OUTPUT = { stdout: 'rows: 2\n', stderr: 'Traceback: boom\n', exit_code: 1, execution_time_ms: 87, timed_out: false, truncated: true }
const TESTS = {
  tests_passed: 1,
  tests_total: 2,
  test_details: [
    { name: 'test_rows', outcome: 'passed', duration_ms: 3, message: null },
    { name: 'test_empty', outcome: 'failed', duration_ms: 4, message: 'assert [] == [""]' },
  ],
}

function Harness(props) {
  const [tab, setTab] = useState('output')
  return <ConsolePanel tab={tab} onTabChange={setTab} {...props} />
}

describe('ConsolePanel', () => {
  it('shows stdout, stderr, exit code, time and the truncation notice on the Output tab', () => {
    render(<Harness output={OUTPUT} tests={null} />)
    expect(screen.getByRole('tab', { name: 'Output' })).toHaveAttribute('aria-selected', 'true')
    expect(screen.getByLabelText('Standard output')).toHaveTextContent('rows: 2')
    expect(screen.getByLabelText('Standard error')).toHaveTextContent('Traceback: boom')
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Exit code 1 · 87 ms')
    expect(screen.getByText(/cut short/)).toBeInTheDocument()
    expect(screen.queryByText(/time limit/)).not.toBeInTheDocument()
  })

  it('switches to the Tests tab and lists each visible test', async () => {
    const user = userEvent.setup()
    render(<Harness output={OUTPUT} tests={TESTS} />)
    await user.click(screen.getByRole('tab', { name: 'Tests' }))
    expect(screen.getByText('1 / 2 tests passed')).toBeInTheDocument()
    const items = screen.getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('test_rows')
    expect(items[0]).toHaveTextContent('passed')
    expect(items[1]).toHaveTextContent('failed')
    expect(items[1]).toHaveTextContent('assert [] == [""]')
    expect(screen.queryByLabelText('Standard output')).not.toBeInTheDocument()
  })

  it('explains empty states and a timeout', async () => {
    const user = userEvent.setup()
    const { rerender } = render(<Harness output={null} tests={null} />)
    expect(screen.getByText(/Run your code to see its output/)).toBeInTheDocument()
    rerender(<Harness output={{ stdout: '', stderr: '', exit_code: null, timed_out: true, truncated: false }} tests={null} />)
    expect(screen.getByText('The program printed nothing.')).toBeInTheDocument()
    expect(screen.getByText(/hit the time limit/)).toBeInTheDocument()
    await user.click(screen.getByRole('tab', { name: 'Tests' }))
    expect(screen.getByText(/Run the tests to see which ones pass/)).toBeInTheDocument()
  })

  it('shows why pytest could not collect the tests', async () => {
    const user = userEvent.setup()
    const broken = { tests_passed: 0, tests_total: 0, test_details: [], collection_error: "ImportError: cannot import name 'parse'", timed_out: false }
    render(<Harness output={null} tests={broken} />)
    await user.click(screen.getByRole('tab', { name: 'Tests' }))
    expect(screen.getByText('0 / 0 tests passed')).toBeInTheDocument()
    expect(screen.getByLabelText('Test collection error')).toHaveTextContent("cannot import name 'parse'")
  })

  it('puts the error first and folds the trace', async () => {
    const user = userEvent.setup()
    const traceback = 'Traceback (most recent call last):\n  File "solution.py", line 1, in <module>\nZeroDivisionError: division by zero'
    const broken = { ...TESTS, collection_error: 'collection failure\nE   SyntaxError: invalid syntax', error_summary: 'SyntaxError at line 2 of solution.py: invalid syntax' }
    render(<Harness output={{ ...OUTPUT, stderr: traceback }} tests={broken} />)
    expect(screen.getByLabelText('Standard error')).toHaveTextContent(/^ZeroDivisionError: division by zero$/)
    expect(screen.getByText('Show the trace').closest('details')).not.toHaveAttribute('open')
    await user.click(screen.getByRole('tab', { name: 'Tests' }))
    expect(screen.getByLabelText('Test collection error')).toHaveTextContent('SyntaxError at line 2 of solution.py: invalid syntax')
    expect(screen.getByText("Show pytest's output")).toBeInTheDocument()
  })
})
