import { Button, ErrorMessage, Modal } from '../../../components/ui/index.js'
import { formatRemaining } from '../session/timer.js'

export default function SubmitDialog({ open, remaining, testsRun, submitting, error, onConfirm, onCancel }) {
  return (
    <Modal
      open={open}
      title="Submit your solution?"
      onClose={submitting ? () => {} : onCancel}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} disabled={submitting}>
            Keep working
          </Button>
          <Button onClick={onConfirm} loading={submitting}>
            Submit now
          </Button>
        </>
      }
    >
      <p className="text-sm">
        You have <strong>{formatRemaining(remaining)}</strong> left. Once submitted, your code is final and the hidden tests are run.
      </p>
      {!testsRun && (
        <p role="alert" className="mt-3 border-2 border-ink bg-yellow-100 p-2 text-sm font-semibold">
          You have not run the tests yet. Consider pressing “Run Tests” first.
        </p>
      )}
      {error && (
        <div className="mt-3">
          <ErrorMessage message={error} />
        </div>
      )}
    </Modal>
  )
}
