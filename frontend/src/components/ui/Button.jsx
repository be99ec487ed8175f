import Spinner from './Spinner.jsx'

const VARIANTS = {
  primary: 'bg-brand text-paper hover:bg-ink',
  secondary: 'bg-paper text-ink hover:bg-brand-light',
  dark: 'bg-ink text-paper hover:bg-brand',
  danger: 'bg-paper text-red-700 hover:bg-red-50',
}
const SIZES = { sm: 'px-2.5 py-1 text-xs', md: 'px-4 py-2 text-sm', lg: 'px-6 py-3 text-base' }

export default function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  disabled = false,
  type = 'button',
  className = '',
  children,
  ...rest
}) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={`inline-flex items-center justify-center gap-2 border-2 border-ink font-bold uppercase tracking-wide shadow-brutal-sm transition-colors active:translate-x-0.5 active:translate-y-0.5 active:shadow-none disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${SIZES[size]} ${className}`}
      {...rest}
    >
      {loading && <Spinner size="sm" label="" />}
      {children}
    </button>
  )
}
