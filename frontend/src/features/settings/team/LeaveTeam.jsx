import { Button, ConfirmDialog } from '../../../components/ui/index.js'
import { useAuth } from '../../../context/AuthContext.jsx'
import { navigate } from '../../../lib/router.js'
import { useConfirmedAction } from '../billing/useConfirmedAction.js'
import { leaveTeam } from './api.js'

// Leaving closes the account: the server ends its sessions, so the app signs out and goes to the landing page.
// The last owner is refused (409) with the server's reason, shown in the dialog.
export default function LeaveTeam({ organizationName }) {
  const { logout } = useAuth()
  const leaving = useConfirmedAction(async () => {
    await leaveTeam()
    await logout()
    navigate('/')
    return 'leaving'
  }, 'Could not leave the team.')

  return (
    <section aria-labelledby="leave-heading" className="flex flex-col items-start gap-2 border-2 border-ink p-3">
      <h3 id="leave-heading" className="text-lg font-black uppercase">
        Leave the team
      </h3>
      <p className="text-sm">You will be signed out and can no longer log in; what you created stays with the team.</p>
      <Button variant="danger" size="sm" onClick={leaving.ask}>
        Leave the team
      </Button>
      <ConfirmDialog
        {...leaving.dialog}
        title="Leave the team"
        confirmLabel="Leave"
        message={`You will leave ${organizationName ?? 'the organization'} and be signed out at once. An owner or an admin can invite you again later.`}
      />
    </section>
  )
}
