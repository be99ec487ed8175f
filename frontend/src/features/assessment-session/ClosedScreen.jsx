import { Button, ErrorMessage } from '../../components/ui/index.js'
import SessionShell from './SessionShell.jsx'

const PAGES = {
  invalid: {
    title: 'This link is not valid',
    body: 'We could not find an assessment for this link. Check that you copied the whole address from your invitation email.',
  },
  revoked: {
    title: 'This assessment was cancelled',
    body: 'The company that invited you has withdrawn this assessment. Contact them if you think this is a mistake.',
  },
  expired: {
    title: 'This link has expired',
    body: 'The time to take this assessment has passed. Ask the company that invited you to send a new link or extend it.',
  },
  completed: {
    title: 'Assessment already submitted',
    body: 'You have already completed this assessment, so it cannot be opened again. The company that invited you has your results.',
  },
}

export function ClosedScreen({ problem }) {
  const page = PAGES[problem] ?? PAGES.invalid
  return (
    <SessionShell>
      <h1 className="text-2xl font-black" data-problem={problem}>
        {page.title}
      </h1>
      <p className="mt-3 text-sm">{page.body}</p>
    </SessionShell>
  )
}

export function LoadErrorScreen({ message, onRetry }) {
  return (
    <SessionShell>
      <h1 className="mb-3 text-2xl font-black">We could not open your assessment</h1>
      <ErrorMessage message={message} />
      <Button className="mt-4" onClick={onRetry}>
        Try again
      </Button>
    </SessionShell>
  )
}
