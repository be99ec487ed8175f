import { useState } from 'react'
import { Button } from '../../components/ui/index.js'
import { copyText } from '../../lib/clipboard.js'
import { parseInline, parseMarkdown } from './markdown.js'
import { useHighlighted } from './useHighlighted.js'

function Inline({ text }) {
  return parseInline(text).map((part, i) => {
    if (part.type === 'code') return <code key={i} className="bg-neutral-200 px-1 font-mono text-[0.85em]">{part.text}</code>
    if (part.type === 'strong') return <strong key={i}>{part.text}</strong>
    if (part.type === 'em') return <em key={i}>{part.text}</em>
    if (part.type === 'link') {
      return (
        <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" className="font-semibold text-brand underline">
          {part.text}
        </a>
      )
    }
    return <span key={i}>{part.text}</span>
  })
}

function CodeBlock({ code, lang, onInsert }) {
  const [copied, setCopied] = useState(false)
  const html = useHighlighted(code, lang)
  const copy = async () => {
    setCopied(await copyText(code))
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <figure className="my-2 border-2 border-ink bg-ink text-paper" data-testid="chat-code-block">
      <figcaption className="flex items-center justify-between gap-2 border-b-2 border-ink bg-neutral-800 px-2 py-1 text-xs">
        <span className="font-mono uppercase">{lang || 'code'}</span>
        <span className="flex gap-1">
          <Button size="sm" variant="secondary" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
          {onInsert && (
            <Button size="sm" onClick={() => onInsert(code)}>
              Insert into editor
            </Button>
          )}
        </span>
      </figcaption>
      <pre className="overflow-x-auto p-2 font-mono text-xs leading-relaxed">
        {/* Monaco's colorizer escapes the code; its output is token spans only. */}
        {html ? <code data-highlighted="true" dangerouslySetInnerHTML={{ __html: html }} /> : <code>{code}</code>}
      </pre>
    </figure>
  )
}

// Renders assistant Markdown as React elements; code blocks get Copy and (when given) Insert actions.
export default function Markdown({ text, onInsert }) {
  return parseMarkdown(text).map((block, i) => {
    if (block.type === 'code') return <CodeBlock key={i} code={block.code} lang={block.lang} onInsert={onInsert} />
    if (block.type === 'heading') {
      return (
        <p key={i} className="mt-2 font-black">
          <Inline text={block.text} />
        </p>
      )
    }
    if (block.type === 'list') {
      const List = block.ordered ? 'ol' : 'ul'
      return (
        <List key={i} className={`my-1 pl-5 ${block.ordered ? 'list-decimal' : 'list-disc'}`}>
          {block.items.map((item, j) => (
            <li key={j}>
              <Inline text={item} />
            </li>
          ))}
        </List>
      )
    }
    return (
      <p key={i} className="my-1">
        <Inline text={block.text} />
      </p>
    )
  })
}
