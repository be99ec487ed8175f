import Field, { CONTROL_CLASS } from './Field.jsx'

export default function Textarea({ label, error, hint, id, className = '', rows = 4, ...rest }) {
  return (
    <Field label={label} error={error} hint={hint} id={id}>
      {(aria) => <textarea rows={rows} className={`${CONTROL_CLASS} ${className}`} {...aria} {...rest} />}
    </Field>
  )
}
