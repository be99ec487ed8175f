import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Button, EmptyState, ErrorMessage, Input, Modal, Pagination, useToast } from '../../components/ui/index.js'
import { formatDate } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import { usePages } from '../../lib/usePages.js'
import CreateAssessmentModal from '../../shared/assessments/CreateAssessmentModal.jsx'
import Table from '../../shared/Table.jsx'
import { useDebounced } from '../../shared/useDebounced.js'
import { navigate } from '../../lib/router.js'
import { createCandidate, listCandidates } from './api.js'
import CandidateForm, { candidateDraftKey } from './CandidateForm.jsx'
import { hasDraft } from '../../shared/sessionDraft.js'

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

const sendColumn = (onSend) => ({
  key: 'send',
  header: 'Actions',
  render: (c) => (
    <Button size="sm" variant="secondary" onClick={() => onSend(c)} aria-label={`Send assessment to ${c.full_name || c.email}`}>
      Send assessment
    </Button>
  ),
})

const NEW_CANDIDATE = { full_name: '', email: '', position: '' }

export default function CandidatesPage() {
  const toast = useToast()
  // A new candidate's unsaved draft (the session ended mid-form) reopens the form.
  const [adding, setAdding] = useState(() => hasDraft(candidateDraftKey(null)))
  const [sendTo, setSendTo] = useState(null)
  const [search, setSearch] = useState('')
  const pages = usePages(PAGE_SIZE)
  const q = useDebounced(search.trim())
  const list = useAsync(() => listCandidates({ q, ...pages.params }), [q, pages.params.cursor])

  // Saved, then on to their page, where "Send assessment" is the next step.
  const onAdd = async (payload) => {
    const created = await createCandidate(payload)
    toast.show('Candidate added')
    setAdding(false)
    navigate(`/candidates/${created.id}`)
  }
  const addButton = <Button onClick={() => setAdding(true)}>Add candidate</Button>

  return (
    <>
      <PageHeader title="Candidates" subtitle="Everyone you have invited or added. Open a candidate to send them an assessment." actions={addButton} />
      <Modal open={adding} onClose={() => setAdding(false)} title="Add candidate" width="max-w-3xl">
        <CandidateForm candidate={NEW_CANDIDATE} label="Add candidate" onSave={onAdd} onCancel={() => setAdding(false)} />
      </Modal>
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
        columns={[...COLUMNS, sendColumn(setSendTo)]}
        rows={list.data?.items}
        caption="Candidates"
        loading={list.loading}
        loadingLabel="Loading candidates…"
        empty={<EmptyState title={q ? 'No matching candidates' : 'No candidates yet'} message={q ? 'Try another search.' : 'Add a candidate, or send an assessment to someone new.'} action={q ? null : addButton} />}
        minWidth="min-w-[640px]"
        hover
      />
      {list.data && <Pagination {...pages.pagination(list.data)} />}
      <CreateAssessmentModal open={Boolean(sendTo)} candidate={sendTo} onClose={() => setSendTo(null)} onCreated={list.reload} />
    </>
  )
}
