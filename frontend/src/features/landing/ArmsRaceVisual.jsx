// Illustration (not data): AI help available to candidates climbs while what a classic test can see stays flat.
export default function ArmsRaceVisual() {
  return (
    <figure className="brutal-box bg-paper p-4">
      <svg viewBox="0 0 320 240" role="img" aria-labelledby="arms-race-title" className="h-auto w-full">
        <title id="arms-race-title">Illustration: AI assistance keeps rising while classic coding tests measure the same thing</title>
        <line x1="30" y1="170" x2="310" y2="170" stroke="#000" strokeWidth="2" />
        <line x1="30" y1="170" x2="30" y2="15" stroke="#000" strokeWidth="2" />
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <rect key={i} x={45 + i * 44} y={150 - i * 25} width="28" height={20 + i * 25} fill="#9D00FF" stroke="#000" strokeWidth="2" />
        ))}
        <line x1="40" y1="120" x2="300" y2="120" stroke="#000" strokeWidth="4" strokeDasharray="10 6" />
        <text x="30" y="188" fontSize="10" fontFamily="monospace">
          then
        </text>
        <text x="285" y="188" fontSize="10" fontFamily="monospace">
          now
        </text>
        <rect x="30" y="202" width="14" height="10" fill="#9D00FF" stroke="#000" strokeWidth="2" />
        <text x="52" y="211" fontSize="11" fontWeight="700" fontFamily="monospace">
          AI help available to candidates
        </text>
        <line x1="30" y1="227" x2="44" y2="227" stroke="#000" strokeWidth="4" strokeDasharray="5 3" />
        <text x="52" y="231" fontSize="11" fontWeight="700" fontFamily="monospace">
          what a classic test sees
        </text>
      </svg>
      <figcaption className="mt-2 text-xs text-neutral-600">Illustration, not measured data.</figcaption>
    </figure>
  )
}
