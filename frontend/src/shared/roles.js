// The roles of a team, lowest first, as GET /auth/me names them. The server checks every request; this only
// decides what the app offers, so nobody is shown a button that would answer 403.
export const ROLES = ['member', 'admin', 'owner']

export const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', member: 'Member' }

// What each role is for, shown where roles are chosen.
export const ROLE_HINTS = {
  owner: 'Everything, including billing, integrations and making owners.',
  admin: 'The team and the organization settings, and all the daily work.',
  member: 'Tasks, candidates and assessments.',
}

const rank = (role) => ROLES.indexOf(role)

// Whether `user` holds at least `least`. An unknown role has the least rights.
export function hasRole(user, least) {
  return rank(user?.role ?? 'member') >= rank(least)
}

// The roles `actor` may give a colleague: only an owner makes owners.
export function grantableRoles(actor) {
  if (!hasRole(actor, 'admin')) return []
  return hasRole(actor, 'owner') ? ['member', 'admin', 'owner'] : ['member', 'admin']
}

// Whether `actor` may change or remove a colleague holding `role`: only an owner touches an owner.
export function mayManage(actor, role) {
  return hasRole(actor, 'admin') && (role !== 'owner' || hasRole(actor, 'owner'))
}
