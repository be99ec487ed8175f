import { describe, expect, it } from 'vitest'
import { splitStderr, splitTestMessage } from './errorText.js'

describe('splitStderr', () => {
  it('puts the exception of a traceback first', () => {
    const stderr = 'Traceback (most recent call last):\n  File "solution.py", line 3, in <module>\n    1 / 0\nZeroDivisionError: division by zero\n'
    expect(splitStderr(stderr)).toEqual({ summary: 'ZeroDivisionError: division by zero', trace: stderr.trimEnd() })
  })

  it('leaves other error output alone', () => {
    expect(splitStderr('warning: something\n')).toEqual({ summary: '', trace: 'warning: something' })
  })
})

describe('splitTestMessage', () => {
  it('separates the message from the trace', () => {
    expect(splitTestMessage('assert 1 == 2\ndef test_x():\n>   assert 1 == 2')).toEqual({ summary: 'assert 1 == 2', trace: 'def test_x():\n>   assert 1 == 2' })
    expect(splitTestMessage('boom')).toEqual({ summary: 'boom', trace: '' })
  })
})
