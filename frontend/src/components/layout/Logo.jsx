export default function Logo({ inverted = false }) {
  return (
    <span className={`inline-flex items-center gap-2 text-2xl font-black tracking-tighter ${inverted ? 'text-paper' : 'text-ink'}`}>
      <span aria-hidden="true" className={`inline-block border-2 bg-brand px-1.5 text-paper ${inverted ? 'border-paper' : 'border-ink shadow-brutal-sm'}`}>
        T
      </span>
      TALI
    </span>
  )
}
