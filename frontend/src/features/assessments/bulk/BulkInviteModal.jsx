import { useEffect, useState } from 'react'
import { Button, ErrorMessage, Modal, Select, Spinner } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { useAsync } from '../../../lib/useAsync.js'
import { bulkInvite, listTasks } from '../api.js'
import BulkRowsTable from './BulkRowsTable.jsx'
import { candidateRows } from './csv.js'

const MAX_ROWS = 500

// Invite many candidates from a CSV (name, email, position): the file is read here, the server checks every row
// (the preview flags bad rows, duplicates and existing candidates before anything is sent), then sends the good
// rows and answers each with its result.
export default function BulkInviteModal({ open, onClose, onSent }) {
  const [taskId, setTaskId] = useState('')
  const [rows, setRows] = useState(null)
  const [checked, setChecked] = useState(null)
  const [sent, setSent] = useState(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const tasks = useAsync(() => (open ? listTasks({ limit: 100 }) : Promise.resolve(null)), [open])
  const activeTasks = (tasks.data?.items ?? []).filter((t) => t.is_active !== false)

  useEffect(() => {
    if (!open) return
    setTaskId('')
    setRows(null)
    setChecked(null)
    setSent(null)
    setError('')
  }, [open])

  const call = async (dryRun, theRows = rows, theTask = taskId) => {
    setBusy(true)
    setError('')
    try {
      const outcome = await bulkInvite({ task_id: Number(theTask), rows: theRows, dry_run: dryRun })
      if (dryRun) setChecked(outcome)
      else {
        setSent(outcome)
        if (outcome.sent > 0) onSent?.()
      }
    } catch (e) {
      setError(errorMessage(e, dryRun ? 'Could not check the file.' : 'Could not send the invitations.'))
    } finally {
      setBusy(false)
    }
  }

  const onFile = async (event) => {
    const file = event.target.files?.[0]
    setChecked(null)
    setError('')
    if (!file) return setRows(null)
    const parsed = candidateRows(await file.text()).rows
    if (parsed.length === 0) return setError('The file has no rows. Use one line per candidate: name, email, position.')
    if (parsed.length > MAX_ROWS) return setError(`The file has ${parsed.length} rows; send at most ${MAX_ROWS} at a time.`)
    setRows(parsed)
    if (taskId) call(true, parsed, taskId)
  }

  const onTask = (event) => {
    setTaskId(event.target.value)
    setChecked(null)
    if (rows && event.target.value) call(true, rows, event.target.value)
  }

  const footer = sent ? (
    <Button onClick={onClose}>Done</Button>
  ) : (
    <>
      <Button variant="secondary" onClick={onClose}>
        Cancel
      </Button>
      <Button onClick={() => call(false)} loading={busy && Boolean(checked)} disabled={!checked || checked.ready === 0}>
        {checked ? `Send ${checked.ready} invitation${checked.ready === 1 ? '' : 's'}` : 'Send invitations'}
      </Button>
    </>
  )

  return (
    <Modal open={open} onClose={onClose} title="Bulk invite" footer={footer} width="max-w-3xl">
      {sent ? (
        <div className="flex flex-col gap-3">
          <p role="status" className="border-2 border-ink bg-green-100 p-3 font-semibold">
            {sent.sent} of {sent.rows.length} invitation{sent.rows.length === 1 ? '' : 's'} saved and queued; {sent.skipped} not sent.
          </p>
          <BulkRowsTable rows={sent.rows} />
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          {tasks.loading && <Spinner label="Loading tasks…" />}
          {tasks.error && <ErrorMessage message={tasks.error} onRetry={tasks.reload} />}
          <Select label="Task" value={taskId} onChange={onTask}>
            <option value="">Select a task…</option>
            {activeTasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} · {t.duration_minutes} min
              </option>
            ))}
          </Select>
          <label className="flex flex-col gap-1 text-sm font-bold">
            CSV file (name, email, position; a header line is optional)
            <input type="file" accept=".csv,text/csv" onChange={onFile} className="border-2 border-ink p-2 font-normal" />
          </label>
          {busy && !checked && <Spinner label="Checking the rows…" />}
          <ErrorMessage message={error} />
          {rows && !taskId && <p className="text-sm">{rows.length} rows read. Choose the task to check them.</p>}
          {checked && (
            <>
              <p className="text-sm font-semibold" data-testid="bulk-summary">
                {checked.ready} ready to send · {checked.skipped} will be skipped. Nothing has been sent yet.
              </p>
              <BulkRowsTable rows={checked.rows} />
            </>
          )}
        </div>
      )}
    </Modal>
  )
}
