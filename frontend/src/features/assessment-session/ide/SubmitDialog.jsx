import { Button, ErrorMessage, Modal, Spinner } from '../../../components/ui/index.js'
import { formatRemaining } from '../session/timer.js'

// What the syntax check found, in one line; it never blocks the submit.
function SyntaxNotice({ syntax }) {
  if (syntax.status === 'checking') return <Spinner size="sm" label="Checking that your code parses…" />
  if (syntax.status !== 'problem') return null
  const { line, message } = syntax.problem
  return (
    <p role="alert" data-testid="syntax-warning" className="border-2 border-ink bg-red-100 p-2 text-sm font-semibold">
      {line ? `Syntax error at line ${line}` : 'Syntax error'}: {message}. The hidden tests will not be able to import your code. Submit
      anyway?
    </p>
  )
}

export default function SubmitDialog({ open, remaining, testsRun, syntax, submitting, error, onConfirm, onCancel }) {
  const broken = syntax.status === 'problem'
  return (
    <Modal
      open={open}
      title="Submit your solution?"
      onClose={submitting ? () => {} : onCancel}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} disabled={submitting}>
            {broken ? 'Fix it first' : 'Keep working'}
          </Button>
          <Button onClick={onConfirm} loading={submitting}>
            {broken ? 'Submit anyway' : 'Submit now'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <p className="text-sm">
          You have <strong>{formatRemaining(remaining)}</strong> left. Once submitted, your code is final and the hidden tests are run.
        </p>
        <SyntaxNotice syntax={syntax} />
        {!testsRun && (
          <p role="alert" className="border-2 border-ink bg-yellow-100 p-2 text-sm font-semibold">
            You have not run the tests yet. Consider pressing “Run Tests” first.
          </p>
        )}
        {error && <ErrorMessage message={error} />}
      </div>
    </Modal>
  )
}
