import { Spinner, ErrorMessage } from '../../../components/ui/index.js'
import { useAuth } from '../../../context/AuthContext.jsx'
import { useAsync } from '../../../lib/useAsync.js'
import { hasRole } from '../../../shared/roles.js'
import InvitationsTable from './InvitationsTable.jsx'
import InviteForm from './InviteForm.jsx'
import LeaveTeam from './LeaveTeam.jsx'
import MembersTable from './MembersTable.jsx'
import { listInvitations, listMembers } from './api.js'

// Settings → Team: everyone sees the members and may leave; owners and admins invite, change roles and remove;
// an owner transfers ownership.
export default function TeamTab() {
  const { user, refreshUser } = useAuth()
  const manages = hasRole(user, 'admin')
  const members = useAsync(listMembers, [])
  const invitations = useAsync(() => (manages ? listInvitations() : Promise.resolve([])), [manages])
  // A change may be one's own role (an owner stepping down): read the signed-in user again too.
  const changed = () => {
    members.reload()
    invitations.reload()
    refreshUser().catch(() => {})
  }

  return (
    <div className="flex flex-col gap-6">
      {manages ? (
        <section aria-labelledby="invite-heading" className="flex flex-col gap-3">
          <h3 id="invite-heading" className="text-lg font-black uppercase">
            Invite a colleague
          </h3>
          <InviteForm actor={user} onInvited={invitations.reload} />
        </section>
      ) : (
        <p className="border-2 border-ink bg-brand-light p-3 text-sm font-semibold" data-testid="team-read-only">
          Only an owner or an admin can invite colleagues or change the team.
        </p>
      )}
      <section aria-labelledby="members-heading" className="flex flex-col gap-3">
        <h3 id="members-heading" className="text-lg font-black uppercase">
          Members
        </h3>
        <ErrorMessage message={members.error} onRetry={members.reload} />
        {!members.data && members.loading && <Spinner label="Loading the team…" />}
        {members.data && <MembersTable actor={user} members={members.data} onChanged={changed} />}
      </section>
      {manages && (
        <section aria-labelledby="invitations-heading" className="flex flex-col gap-3">
          <h3 id="invitations-heading" className="text-lg font-black uppercase">
            Pending invitations
          </h3>
          <ErrorMessage message={invitations.error} onRetry={invitations.reload} />
          {!invitations.data && invitations.loading && <Spinner label="Loading invitations…" />}
          {invitations.data && <InvitationsTable actor={user} invitations={invitations.data} onChanged={changed} />}
        </section>
      )}
      <LeaveTeam organizationName={user?.organization?.name} />
    </div>
  )
}
