import { Button, ErrorMessage, Spinner } from '../../../components/ui/index.js'

// Under the editor: Run Code, Run Tests, what is running, a pause after a 429, and (for screen readers) a live
// region that says how each run ended.
export default function RunBar({ runner, code }) {
  const busy = runner.running !== null
  const resting = busy || runner.pause !== null
  return (
    <div className="flex flex-wrap items-center gap-2 border-t-2 border-ink bg-paper px-3 py-2">
      <Button id="ide-run" onClick={() => runner.run(code)} disabled={resting} loading={runner.running === 'code'}>
        Run Code
      </Button>
      <Button id="ide-run-tests" variant="dark" onClick={() => runner.test(code)} disabled={resting} loading={runner.running === 'tests'}>
        Run Tests
      </Button>
      {busy && <Spinner size="sm" label={runner.running === 'code' ? 'Running your code…' : 'Running the tests…'} />}
      <div className="min-w-0 flex-1">
        {runner.error && <ErrorMessage message={runner.error} />}
        {runner.pause && (
          <p role="status" data-testid="run-pause" className="border-2 border-brand bg-brand-light px-2 py-1 text-sm">
            {runner.pause.message} <span className="font-semibold" aria-hidden="true">You can run again in {runner.pause.seconds} s.</span>
          </p>
        )}
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="run-announcement">
        {runner.announcement}
      </p>
    </div>
  )
}
