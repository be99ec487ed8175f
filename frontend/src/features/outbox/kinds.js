// What each email is, in words, from the server's `kind` (the template that wrote it).
const KINDS = {
  invitation: 'Invitation',
  reminder: 'Reminder before the link expires',
  results: 'Results to the recruiter',
  'password-reset': 'Password reset',
  'team-invitation': 'Team invitation',
}

export const emailKindLabel = (kind) => KINDS[kind] ?? 'Other email'
