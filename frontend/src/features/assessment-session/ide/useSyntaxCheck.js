import { useCallback, useRef, useState } from 'react'
import { checkSyntax } from '../api.js'

// Before a submit: does the code parse? The answer only adds a warning to the confirmation; while it is pending,
// or when the check fails (busy sandbox, slow network), the candidate can submit all the same.
// status: idle | checking | ok | problem | unknown
export default function useSyntaxCheck({ assessmentId, token }) {
  const [state, setState] = useState({ status: 'idle', problem: null })
  const latest = useRef(0)

  const check = useCallback(
    async (code) => {
      const id = ++latest.current
      setState({ status: 'checking', problem: null })
      let next
      try {
        const result = await checkSyntax(assessmentId, token, code)
        next = result.ok ? { status: 'ok', problem: null } : { status: 'problem', problem: { line: result.line, message: result.message } }
      } catch {
        next = { status: 'unknown', problem: null }
      }
      if (id === latest.current) setState(next)
    },
    [assessmentId, token],
  )

  return { ...state, check }
}
