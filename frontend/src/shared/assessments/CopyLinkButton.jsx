import { useEffect, useState } from 'react'
import { Button } from '../../components/ui/index.js'
import { copyText } from '../../lib/clipboard.js'
import { candidateLink } from '../../lib/router.js'

const RESET_MS = 2000

export default function CopyLinkButton({ token, size = 'sm' }) {
  const [state, setState] = useState('idle')
  useEffect(() => {
    if (state === 'idle') return undefined
    const timer = setTimeout(() => setState('idle'), RESET_MS)
    return () => clearTimeout(timer)
  }, [state])
  const onClick = async () => setState((await copyText(candidateLink(token))) ? 'copied' : 'failed')
  const label = { idle: 'Copy link', copied: 'Copied!', failed: 'Copy failed' }[state]
  return (
    <Button variant="secondary" size={size} onClick={onClick} title={candidateLink(token)}>
      {label}
    </Button>
  )
}
