import { validateEmail } from '../../shared/validation.js'

export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 128

export function validateNewPassword(password) {
  if (!password) return 'Password is required'
  if (password.length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters`
  if (password.length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters`
  return null
}

export function validatePasswordMatch(password, confirmation) {
  if (!confirmation) return 'Please confirm your password'
  return password === confirmation ? null : 'Passwords do not match'
}

// Returns { field: message } for every invalid field; empty when the form can be sent.
export function validateRegistration({ full_name, email, password, confirm_password }) {
  const errors = {
    full_name: (full_name ?? '').trim() ? null : 'Full name is required',
    email: validateEmail(email),
    password: validateNewPassword(password),
    confirm_password: validatePasswordMatch(password, confirm_password),
  }
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message))
}
