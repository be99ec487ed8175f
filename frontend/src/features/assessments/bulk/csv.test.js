import { describe, expect, it } from 'vitest'
import { candidateRows, parseCsv } from './csv.js'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x,\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['multi\nline', 'x', ''],
    ])
  })

  it('skips blank lines and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,b\n\n,\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
  })
})

describe('candidateRows', () => {
  it('finds the columns by header name in any order', () => {
    const { rows, header } = candidateRows('Email,Position,Full Name\nada@example.com,Backend,Ada Lovelace\n')
    expect(header).toBe(true)
    expect(rows).toEqual([{ name: 'Ada Lovelace', email: 'ada@example.com', position: 'Backend' }])
  })

  it('takes name, email, position in that order without a header', () => {
    expect(candidateRows(' Bob , bob@example.com \nCy,cy@example.com,Data').rows).toEqual([
      { name: 'Bob', email: 'bob@example.com', position: '' },
      { name: 'Cy', email: 'cy@example.com', position: 'Data' },
    ])
  })
})
