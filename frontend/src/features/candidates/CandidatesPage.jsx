import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { EmptyState, ErrorMessage, Input, Pagination, Spinner } from '../../components/ui/index.js'
import { listCandidates } from '../../lib/api.js'
import { formatDate } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import { useDebounced } from '../assessments/useDebounced.js'

const PAGE_SIZE = 20

export default function CandidatesPage() {
  const [search, setSearch] = useState('')
  const [offset, setOffset] = useState(0)
  const q = useDebounced(search.trim())
  const list = useAsync(() => listCandidates({ q, limit: PAGE_SIZE, offset }), [q, offset])
  const items = list.data?.items ?? []

  return (
    <>
      <PageHeader title="Candidates" subtitle="Everyone you have invited. Candidates are created when you send an assessment." />
      <div className="mb-4 max-w-md">
        <Input
          label="Search"
          type="search"
          placeholder="Name or email"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value)
            setOffset(0)
          }}
        />
      </div>
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Spinner label="Loading candidates…" />}
      {list.data && items.length === 0 && (
        <EmptyState title={q ? 'No matching candidates' : 'No candidates yet'} message={q ? 'Try another search.' : 'Send an assessment from the dashboard to add one.'} />
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto border-2 border-ink">
          <table className="w-full min-w-[640px] text-left text-sm">
            <thead className="bg-ink text-paper">
              <tr>
                {['Name', 'Email', 'Position', 'Assessments', 'Added'].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-bold uppercase">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className="border-t-2 border-ink hover:bg-brand-light">
                  <td className="px-3 py-2">
                    <a href={`#/candidates/${c.id}`} className="font-bold text-brand underline">
                      {c.full_name || '(no name)'}
                    </a>
                  </td>
                  <td className="px-3 py-2">{c.email}</td>
                  <td className="px-3 py-2">{c.position || '—'}</td>
                  <td className="px-3 py-2">{c.assessments_count ?? 0}</td>
                  <td className="px-3 py-2">{formatDate(c.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pagination total={list.data.total} limit={list.data.limit ?? PAGE_SIZE} offset={list.data.offset ?? offset} onChange={setOffset} />}
    </>
  )
}
