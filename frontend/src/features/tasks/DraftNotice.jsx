import { draftNotice } from './proof.js'

// Above a form prefilled by the AI: what the sandbox proved, and that nothing is saved yet.
export default function DraftNotice({ validation }) {
  return (
    <p role="note" className="mb-4 border-2 border-brand bg-brand-light p-3 text-sm font-semibold">
      {validation ? draftNotice(validation) : 'Draft generated with AI. Review it, then save.'}
    </p>
  )
}
