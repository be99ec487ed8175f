import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import ScoreDistribution from './ScoreDistribution.jsx'

const buckets = (counts) => counts.map((count, i) => ({ bucket: `${i}-${i + 1}`, count }))

describe('ScoreDistribution', () => {
  it('scales bars to the largest bucket and labels them for screen readers', () => {
    const { container } = render(<ScoreDistribution buckets={buckets([0, 0, 0, 0, 0, 1, 2, 4, 2, 1])} />)
    expect(screen.getByRole('img')).toHaveAccessibleName(expect.stringContaining('7-8: 4'))
    const heights = [...container.querySelectorAll('.bg-brand')].map((bar) => bar.style.height)
    expect(heights[7]).toBe('85%')
    expect(heights[6]).toBe('42.5%')
    expect(heights[0]).toBe('0%')
  })

  it('says so when nothing is completed', () => {
    render(<ScoreDistribution buckets={buckets(Array(10).fill(0))} />)
    expect(screen.getByText(/No completed assessments yet/)).toBeInTheDocument()
  })
})
