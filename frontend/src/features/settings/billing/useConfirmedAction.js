import { useState } from 'react'
import { errorMessage } from '../../../lib/api.js'

// An action behind a confirmation dialog: `dialog` spreads onto <ConfirmDialog> (open, busy, error, onConfirm,
// onCancel) and `ask()` opens it. A failure stays in the dialog; a success closes it unless the page is leaving.
export function useConfirmedAction(action, failureMessage) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const onConfirm = async () => {
    setBusy(true)
    setError('')
    try {
      const leaving = await action()
      if (leaving !== 'leaving') {
        setOpen(false)
        setBusy(false)
      }
    } catch (failure) {
      setError(errorMessage(failure, failureMessage))
      setBusy(false)
    }
  }

  return {
    ask: () => setOpen(true),
    dialog: { open, busy, error, onConfirm, onCancel: () => setOpen(false) },
  }
}
