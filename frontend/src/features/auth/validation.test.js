import { describe, expect, it } from 'vitest'
import { validateRegistration } from './validation.js'

describe('validateRegistration', () => {
  const valid = { full_name: 'Ada', email: 'ada@example.com', password: '12345678', confirm_password: '12345678' }
  it('accepts a complete form', () => expect(validateRegistration(valid)).toEqual({}))
  it('rejects a 7-character password and accepts 8', () => {
    expect(validateRegistration({ ...valid, password: '1234567', confirm_password: '1234567' }).password).toBe('Password must be at least 8 characters')
  })
  it('rejects mismatched passwords', () => {
    expect(validateRegistration({ ...valid, confirm_password: '12345679' }).confirm_password).toBe('Passwords do not match')
  })
  it('requires a name and a valid email', () => {
    expect(validateRegistration({ ...valid, full_name: '  ', email: 'x' })).toEqual({ full_name: 'Full name is required', email: 'Enter a valid email address' })
  })
})
