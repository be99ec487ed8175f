// Reads a recruiter's CSV of candidates: RFC 4180 fields (quotes, doubled quotes, commas and line breaks inside
// quotes), CRLF or LF. A first line naming an `email` column is a header and the columns are found by name
// (name / full name / candidate name, email, position); otherwise the columns are name, email, position.

export function parseCsv(text) {
  const records = []
  let record = []
  let field = ''
  let quoted = false
  const input = (text ?? '').replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i]
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      record.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i += 1
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += ch
  }
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records.filter((r) => r.some((cell) => cell.trim() !== ''))
}

const NAME_HEADERS = ['name', 'full name', 'full_name', 'candidate name', 'candidate_name']

// { rows: [{ name, email, position }], header: boolean } from the CSV's text.
export function candidateRows(text) {
  const records = parseCsv(text)
  if (records.length === 0) return { rows: [], header: false }
  const first = records[0].map((c) => c.trim().toLowerCase())
  const header = first.includes('email')
  const at = header
    ? { name: first.findIndex((c) => NAME_HEADERS.includes(c)), email: first.indexOf('email'), position: first.indexOf('position') }
    : { name: 0, email: 1, position: 2 }
  const cell = (record, index) => (index >= 0 ? (record[index] ?? '').trim() : '')
  const rows = (header ? records.slice(1) : records).map((r) => ({ name: cell(r, at.name), email: cell(r, at.email), position: cell(r, at.position) }))
  return { rows, header }
}
