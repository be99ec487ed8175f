const SIZES = { sm: 'h-3 w-3', md: 'h-5 w-5', lg: 'h-8 w-8' }

export default function Spinner({ size = 'md', label = 'Loading…' }) {
  return (
    <span role={label ? 'status' : undefined} className="inline-flex items-center gap-2">
      <span aria-hidden="true" className={`${SIZES[size]} animate-spin border-2 border-current border-t-transparent`} />
      {label && <span className="text-sm">{label}</span>}
    </span>
  )
}
