// A small Markdown reader for assistant replies: fenced code blocks, headings, lists, paragraphs.
// It produces plain data that React renders as elements, never as HTML, so replies cannot inject markup.

const FENCE = /^\s*(```|~~~)\s*([\w+-]*)\s*$/
const HEADING = /^(#{1,6})\s+(.*)$/
const BULLET = /^\s*[-*+]\s+(.*)$/
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/

export function parseMarkdown(text) {
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n')
  const blocks = []
  let paragraph = []
  let list = null

  const closeParagraph = () => {
    // A single newline inside a paragraph is a soft break (CommonMark): text wrapped at 80 columns reflows.
    if (paragraph.length) blocks.push({ type: 'paragraph', text: paragraph.map((line) => line.trim()).join(' ') })
    paragraph = []
  }
  const closeList = () => {
    if (list) blocks.push(list)
    list = null
  }

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]
    const fence = line.match(FENCE)
    if (fence) {
      closeParagraph()
      closeList()
      const code = []
      i += 1
      // An unclosed fence (a reply still streaming) runs to the end of the text.
      while (i < lines.length && lines[i].trim() !== fence[1]) {
        code.push(lines[i])
        i += 1
      }
      blocks.push({ type: 'code', lang: fence[2].toLowerCase(), code: code.join('\n') })
      continue
    }
    const heading = line.match(HEADING)
    const bullet = line.match(BULLET)
    const numbered = bullet ? null : line.match(NUMBERED)
    if (heading) {
      closeParagraph()
      closeList()
      blocks.push({ type: 'heading', level: heading[1].length, text: heading[2].trim() })
    } else if (bullet || numbered) {
      closeParagraph()
      const ordered = Boolean(numbered)
      if (list && list.ordered !== ordered) closeList()
      if (!list) list = { type: 'list', ordered, items: [] }
      list.items.push((bullet ?? numbered)[1])
    } else if (line.trim() === '') {
      closeParagraph()
      closeList()
    } else if (list && /^\s{2,}\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`
    } else {
      closeList()
      paragraph.push(line)
    }
  }
  closeParagraph()
  closeList()
  return blocks
}

// Inline spans, in priority order: code first so `**` inside backticks stays literal. Underscores inside a word
// are not emphasis (CommonMark), so identifiers such as test_volume_tier_applies stay intact.
const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1|\*\*([^*]+)\*\*|(?<!\w)__([^_]+)__(?!\w)|\*([^*\s][^*]*)\*|(?<!\w)_([^_\s][^_]*)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)/g

export function parseInline(text) {
  const parts = []
  let last = 0
  for (const match of String(text).matchAll(INLINE)) {
    if (match.index > last) parts.push({ type: 'text', text: text.slice(last, match.index) })
    if (match[2] !== undefined) parts.push({ type: 'code', text: match[2] })
    else if (match[3] ?? match[4]) parts.push({ type: 'strong', text: match[3] ?? match[4] })
    else if (match[5] ?? match[6]) parts.push({ type: 'em', text: match[5] ?? match[6] })
    else parts.push(safeLink(match[7], match[8]))
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) })
  return parts
}

// Only web links become anchors; anything else (javascript:, data:, relative) stays text.
function safeLink(label, href) {
  return /^https?:\/\//i.test(href) ? { type: 'link', text: label, href } : { type: 'text', text: `${label} (${href})` }
}

// The text of a Markdown document without its markup, for a short preview (a task card): headings, list items
// and paragraphs in order, code blocks left out.
export function markdownPreview(text) {
  const plain = (line) => parseInline(line).map((part) => part.text).join('')
  return parseMarkdown(text)
    .flatMap((block) => (block.type === 'list' ? block.items.map(plain) : block.type === 'code' ? [] : [plain(block.text)]))
    .join(' ')
}
