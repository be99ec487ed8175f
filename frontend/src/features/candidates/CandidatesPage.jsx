import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { EmptyState, ErrorMessage, Input, Pagination } from '../../components/ui/index.js'
import { formatDate } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import { usePages } from '../../lib/usePages.js'
import Table from '../../shared/Table.jsx'
import { useDebounced } from '../../shared/useDebounced.js'
import { listCandidates } from './api.js'

const PAGE_SIZE = 20

const COLUMNS = [
  {
    key: 'full_name',
    header: 'Name',
    render: (c) => (
      <a href={`#/candidates/${c.id}`} className="font-bold text-brand underline">
        {c.full_name || '(no name)'}
      </a>
    ),
  },
  { key: 'email', header: 'Email' },
  { key: 'position', header: 'Position', render: (c) => c.position || '—' },
  { key: 'assessments_count', header: 'Assessments', render: (c) => c.assessments_count ?? 0 },
  { key: 'created_at', header: 'Added', render: (c) => formatDate(c.created_at) },
]

export default function CandidatesPage() {
  const [search, setSearch] = useState('')
  const pages = usePages(PAGE_SIZE)
  const q = useDebounced(search.trim())
  const list = useAsync(() => listCandidates({ q, ...pages.params }), [q, pages.params.cursor])

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
            pages.restart()
          }}
        />
      </div>
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      <Table
        columns={COLUMNS}
        rows={list.data?.items}
        caption="Candidates"
        loading={list.loading}
        loadingLabel="Loading candidates…"
        empty={<EmptyState title={q ? 'No matching candidates' : 'No candidates yet'} message={q ? 'Try another search.' : 'Send an assessment from the dashboard to add one.'} />}
        minWidth="min-w-[640px]"
        hover
      />
      {list.data && <Pagination {...pages.pagination(list.data)} />}
    </>
  )
}
