const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validateEmail(email) {
  const value = (email ?? '').trim()
  if (!value) return 'Email is required'
  if (!EMAIL_PATTERN.test(value)) return 'Enter a valid email address'
  return null
}
