import { describe, expect, it } from 'vitest'
import { markdownPreview, parseInline, parseMarkdown } from './markdown.js'

describe('parseMarkdown', () => {
  it('splits paragraphs, headings, lists and fenced code', () => {
    const text = '## Fix\nThe slice drops a row.\n\n- first\n- second\n\n```python\nreturn rows\n```\nDone.'
    expect(parseMarkdown(text)).toEqual([
      { type: 'heading', level: 2, text: 'Fix' },
      { type: 'paragraph', text: 'The slice drops a row.' },
      { type: 'list', ordered: false, items: ['first', 'second'] },
      { type: 'code', lang: 'python', code: 'return rows' },
      { type: 'paragraph', text: 'Done.' },
    ])
  })

  it('keeps an unclosed fence (a reply still streaming) as code', () => {
    expect(parseMarkdown('Try:\n```py\ndef f():\n    pass')).toEqual([
      { type: 'paragraph', text: 'Try:' },
      { type: 'code', lang: 'py', code: 'def f():\n    pass' },
    ])
  })

  it('reflows a paragraph wrapped over several lines', () => {
    expect(parseMarkdown('It turns\na cart into an invoice.\n\nNext.')).toEqual([
      { type: 'paragraph', text: 'It turns a cart into an invoice.' },
      { type: 'paragraph', text: 'Next.' },
    ])
  })

  it('reads ordered lists', () => {
    expect(parseMarkdown('1. run\n2. test')).toEqual([{ type: 'list', ordered: true, items: ['run', 'test'] }])
  })
})

describe('parseInline', () => {
  it('reads code, bold, italic and web links', () => {
    expect(parseInline('Use `a**b**` and **bold**, *it* or [docs](https://docs.python.org).')).toEqual([
      { type: 'text', text: 'Use ' },
      { type: 'code', text: 'a**b**' },
      { type: 'text', text: ' and ' },
      { type: 'strong', text: 'bold' },
      { type: 'text', text: ', ' },
      { type: 'em', text: 'it' },
      { type: 'text', text: ' or ' },
      { type: 'link', text: 'docs', href: 'https://docs.python.org' },
      { type: 'text', text: '.' },
    ])
  })

  it('keeps underscores inside words literal but reads _emphasis_ and __strong__ between words', () => {
    expect(parseInline('Why does test_volume_tier_applies fail?')).toEqual([{ type: 'text', text: 'Why does test_volume_tier_applies fail?' }])
    expect(parseInline('a _b_ and __c__.')).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'em', text: 'b' },
      { type: 'text', text: ' and ' },
      { type: 'strong', text: 'c' },
      { type: 'text', text: '.' },
    ])
  })

  it('never turns a non-web link into an anchor', () => {
    expect(parseInline('[x](javascript:alert(1))')).toEqual([
      { type: 'text', text: 'x (javascript:alert(1)' },
      { type: 'text', text: ')' },
    ])
  })
})

describe('markdownPreview', () => {
  it('keeps the words and drops the markup and code', () => {
    expect(markdownPreview('# Fix the cart\n\nThe `total()` is **wrong**.\n\n```python\nx = 1\n```\n- one\n- two')).toBe(
      'Fix the cart The total() is wrong. one two',
    )
  })
})
