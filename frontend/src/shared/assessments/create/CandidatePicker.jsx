import { useState } from 'react'
import { Button, Input, Spinner } from '../../../components/ui/index.js'
import { useAsync } from '../../../lib/useAsync.js'
import { listCandidates } from '../../api.js'
import { useDebounced } from '../../useDebounced.js'

const SHOWN = 8
export const candidateLabel = (c) => (c.full_name ? `${c.full_name} (${c.email})` : c.email)

// Finds a candidate among all of the organization's (the server searches name and email), or starts a new one.
// `selected` is the chosen candidate; `onSelect(candidate | 'new' | null)`.
export default function CandidatePicker({ selected, isNew, onSelect, error }) {
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim())
  const chosen = Boolean(selected || isNew)
  const found = useAsync(() => (chosen ? Promise.resolve(null) : listCandidates({ q, limit: SHOWN })), [q, chosen])

  if (chosen) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-2 border-2 border-ink p-2 text-sm">
        <span>
          <span className="font-bold">Candidate: </span>
          {isNew ? 'a new candidate' : candidateLabel(selected)}
        </span>
        <Button size="sm" variant="secondary" onClick={() => onSelect(null)}>
          Change
        </Button>
      </div>
    )
  }
  const items = found.data?.items ?? []
  return (
    <div className="flex flex-col gap-2">
      <Input label="Candidate" type="search" placeholder="Search by name or email" value={search} onChange={(e) => setSearch(e.target.value)} error={error} />
      <div className="flex flex-col gap-1" aria-label="Matching candidates" role="group">
        <Button size="sm" variant="secondary" className="justify-start" onClick={() => onSelect('new')}>
          + New candidate
        </Button>
        {found.loading && !found.data && <Spinner label="Searching candidates…" />}
        {items.map((c) => (
          <Button key={c.id} size="sm" variant="secondary" className="justify-start normal-case" onClick={() => onSelect(c)}>
            {candidateLabel(c)}
          </Button>
        ))}
        {found.data && items.length === 0 && <p className="text-xs text-neutral-600">{q ? 'No candidate matches; create a new one.' : 'No candidates yet; create a new one.'}</p>}
        {found.data && found.data.total > items.length && <p className="text-xs text-neutral-600">{found.data.total - items.length} more: type to narrow the search.</p>}
      </div>
    </div>
  )
}
