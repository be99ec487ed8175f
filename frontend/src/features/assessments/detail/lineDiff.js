// A line diff (longest common subsequence) of two texts, and the hunks a reviewer reads: changed lines with a few
// unchanged lines around them, long unchanged stretches folded.

export function lineDiff(before, after) {
  const a = String(before ?? '').split('\n')
  const b = String(after ?? '').split('\n')
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const lines = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i], old: i + 1, new: j + 1 })
      i++
      j++
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removed lines before the lines that replace them, as reviewers read a change.
      lines.push({ kind: 'removed', text: a[i], old: i + 1 })
      i++
    } else {
      lines.push({ kind: 'added', text: b[j], new: j + 1 })
      j++
    }
  }
  return lines
}

// The diff with unchanged runs longer than 2·context folded into `{kind: 'fold', count}`.
export function hunks(lines, context = 3) {
  const out = []
  let run = []
  const flush = (atEnd) => {
    const keepBefore = out.length === 0 ? 0 : context
    const keepAfter = atEnd ? 0 : context
    if (run.length > keepBefore + keepAfter + 1) {
      out.push(...run.slice(0, keepBefore), { kind: 'fold', count: run.length - keepBefore - keepAfter }, ...run.slice(run.length - keepAfter))
    } else {
      out.push(...run)
    }
    run = []
  }
  for (const line of lines) {
    if (line.kind === 'same') {
      run.push(line)
    } else {
      flush(false)
      out.push(line)
    }
  }
  flush(true)
  return out
}
