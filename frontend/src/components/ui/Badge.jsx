const TONES = {
  gray: 'bg-neutral-200 text-neutral-900',
  blue: 'bg-blue-100 text-blue-900',
  green: 'bg-green-100 text-green-900',
  yellow: 'bg-yellow-100 text-yellow-900',
  red: 'bg-red-100 text-red-900',
  purple: 'bg-brand-light text-brand-dark',
  black: 'bg-ink text-paper',
}

export default function Badge({ tone = 'gray', className = '', children, ...rest }) {
  return (
    <span
      data-tone={tone}
      className={`inline-block border-2 border-ink px-2 py-0.5 text-xs font-bold uppercase whitespace-nowrap ${TONES[tone] ?? TONES.gray} ${className}`}
      {...rest}
    >
      {children}
    </span>
  )
}
