import { Button } from '../../components/ui/index.js'
import { proofSummary } from './proof.js'

const STYLE = { passed: 'border-green-700 bg-green-100', saved: 'border-green-700 bg-green-100', failed: 'border-red-700 bg-red-100', stale: 'border-ink bg-yellow-100', idle: 'border-ink bg-paper' }

function sentence(proof, current) {
  if (proof.status === 'running') return 'Running the tests in the sandbox: they must collect, the starter must fail one, the reference must pass all…'
  if (!current && proof.status !== 'idle') return 'The code or tests changed since the last validation. Validate again, or save: saving runs the same proof.'
  if (proof.status === 'saved') return 'Proved in the sandbox when it was saved. Changing the code or tests runs the proof again.'
  if (proof.status === 'passed') return `Validated — ${proofSummary(proof.proof)}.`
  if (proof.status === 'failed') return `Not valid: ${proof.message}`
  return 'Not validated yet. Validate runs the tests in the sandbox; saving runs the same proof and refuses a task that fails it.'
}

// The Validate button and what the last proof said, announced when it changes.
export default function ProofStatus({ proof, current, onValidate, disabled }) {
  const look = proof.status === 'running' ? 'idle' : !current && proof.status !== 'idle' ? 'stale' : proof.status
  return (
    <div className={`flex flex-wrap items-center gap-3 border-2 p-3 ${STYLE[look]}`}>
      <Button variant="dark" onClick={onValidate} loading={proof.status === 'running'} disabled={disabled}>
        Validate
      </Button>
      <p role="status" data-testid="proof-status" className="min-w-0 flex-1 text-sm font-semibold">
        {sentence(proof, current)}
      </p>
    </div>
  )
}
