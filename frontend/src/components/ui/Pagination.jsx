import Button from './Button.jsx'

// Offset pagination driven by the API's {total, limit, offset}.
export default function Pagination({ total, limit, offset, onChange }) {
  if (!total) return null
  const first = offset + 1
  const last = Math.min(offset + limit, total)
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      <span>
        Showing {first}–{last} of {total}
      </span>
      <span className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
          Previous
        </Button>
        <Button variant="secondary" size="sm" disabled={last >= total} onClick={() => onChange(offset + limit)}>
          Next
        </Button>
      </span>
    </nav>
  )
}
