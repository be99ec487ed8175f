import Button from './Button.jsx'

// Previous / Next under a list, with the range shown. A missing handler disables its button.
export default function Pagination({ total, limit, offset, onPrevious, onNext }) {
  if (!total) return null
  const first = offset + 1
  const last = Math.min(offset + limit, total)
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      <span>
        Showing {first}–{last} of {total}
      </span>
      <span className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={!onPrevious} onClick={onPrevious ?? undefined}>
          Previous
        </Button>
        <Button variant="secondary" size="sm" disabled={!onNext} onClick={onNext ?? undefined}>
          Next
        </Button>
      </span>
    </nav>
  )
}
