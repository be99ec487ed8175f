import { useEffect, useState } from 'react'
import { getEmailStatus } from '../../api.js'

// What can be done with an invitation in each status: a pending one can be re-sent, extended or cancelled; an
// expired one re-invited (a new expiry and the email again). Others have nothing to manage.
export function invitationActions(status) {
  if (status === 'pending') return ['resend', 'extend', 'cancel']
  if (status === 'expired') return ['reinvite']
  return []
}

export const VALIDITY_DAYS = [1, 3, 7, 14, 30]

// The expiry an extension gives, as the server computes it: `days` after the later of now and the current expiry.
export function extendedExpiry(expiresAt, days, now = new Date()) {
  const current = new Date(expiresAt)
  const from = Number.isNaN(current.getTime()) || current < now ? now : current
  return new Date(from.getTime() + days * 24 * 60 * 60 * 1000)
}

// Never "sent" when no email service is configured: the invitation is saved and the link must be shared by hand.
export const NOT_SET_UP = 'Invitation saved; email is not set up: copy the link'
export function sentMessage(emailStatus, email) {
  if (emailStatus && !emailStatus.configured) return NOT_SET_UP
  return `Invitation sent to ${email}`
}

let cached = null
// Reads it again on next use (tests; a settings change).
export function forgetEmailStatus() {
  cached = null
}
// The email service's state, read once per page load (it only changes with a restart of the server).
export function useEmailStatus() {
  const [status, setStatus] = useState(null)
  useEffect(() => {
    cached ??= getEmailStatus().catch(() => {
      cached = null
      return null
    })
    let live = true
    cached.then((s) => live && setStatus(s))
    return () => {
      live = false
    }
  }, [])
  return status
}
