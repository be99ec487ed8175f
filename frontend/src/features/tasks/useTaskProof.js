import { useCallback, useState } from 'react'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { validateTask } from './api.js'
import { proofKey } from './taskForm.js'

// The "Validate" button's state: the sandbox proof of the form's current code (the check a save makes), and
// whether the code changed since. An AI draft arrives proved; a stored task was proved when it was saved.
// status: idle | saved (a stored task, proved when saved) | running | passed | failed
export default function useTaskProof({ taskId, initialForm, initialProof }) {
  const [state, setState] = useState(() => {
    if (initialProof) return { status: 'passed', proof: initialProof, key: proofKey(initialForm) }
    return taskId ? { status: 'saved', key: proofKey(initialForm) } : { status: 'idle' }
  })

  const validate = useCallback(
    async (form, payload) => {
      const key = proofKey(form)
      setState({ status: 'running', key })
      try {
        const proof = await validateTask(payload, taskId)
        setState({ status: 'passed', proof, key })
        return {}
      } catch (error) {
        setState({ status: 'failed', message: errorMessage(error, 'The proof could not run.'), key })
        return fieldErrors(error)
      }
    },
    [taskId],
  )

  return { ...state, validate, isCurrent: (form) => state.key === proofKey(form) }
}
