import { describe, expect, it } from 'vitest'
import { validateEmail } from './validation.js'

describe('validateEmail', () => {
  it.each([
    ['', 'Email is required'],
    ['   ', 'Email is required'],
    ['nope', 'Enter a valid email address'],
    ['a@b', 'Enter a valid email address'],
    ['a@b.co', null],
  ])('%j -> %j', (input, expected) => {
    expect(validateEmail(input)).toBe(expected)
  })
})
