import { describe, expect, it } from 'vitest'
import { grantableRoles, hasRole, mayManage } from './roles.js'

const owner = { role: 'owner' }
const admin = { role: 'admin' }
const member = { role: 'member' }

describe('roles', () => {
  it('ranks owner over admin over member', () => {
    expect(hasRole(owner, 'admin')).toBe(true)
    expect(hasRole(admin, 'owner')).toBe(false)
    expect(hasRole(member, 'member')).toBe(true)
    expect(hasRole({ role: 'boss' }, 'admin')).toBe(false)
    expect(hasRole(null, 'member')).toBe(true)
  })

  it('lets only an owner make or manage owners', () => {
    expect(grantableRoles(owner)).toEqual(['member', 'admin', 'owner'])
    expect(grantableRoles(admin)).toEqual(['member', 'admin'])
    expect(grantableRoles(member)).toEqual([])
    expect(mayManage(admin, 'owner')).toBe(false)
    expect(mayManage(admin, 'admin')).toBe(true)
    expect(mayManage(owner, 'owner')).toBe(true)
    expect(mayManage(member, 'member')).toBe(false)
  })
})
