import Logo from '../../components/layout/Logo.jsx'
import ArmsRaceVisual from './ArmsRaceVisual.jsx'
import { CONTACT_EMAIL, DATA_POINTS, DEMO_MAILTO, FEATURES, PLANS } from './content.js'

const SECTIONS = [
  { id: 'problem', label: 'Problem' },
  { id: 'solution', label: 'Solution' },
  { id: 'features', label: 'Features' },
  { id: 'pricing', label: 'Pricing' },
]

// In-page links cannot use "#id": the hash belongs to the router, so scroll explicitly.
function SectionLink({ id, children, className = '' }) {
  const onClick = (event) => {
    event.preventDefault()
    document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' })
  }
  return (
    <a href="#/" onClick={onClick} className={className}>
      {children}
    </a>
  )
}

const CTA_BASE = 'inline-block border-2 border-ink px-6 py-3 font-black uppercase shadow-brutal active:translate-x-0.5 active:translate-y-0.5 active:shadow-none'

function NavBar() {
  return (
    <header className="sticky top-0 z-30 border-b-2 border-ink bg-paper">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <a href="#/">
          <Logo />
          <span className="sr-only"> home</span>
        </a>
        <div className="flex flex-wrap items-center gap-4 text-sm font-bold uppercase">
          {SECTIONS.map((s) => (
            <SectionLink key={s.id} id={s.id} className="hover:text-brand">
              {s.label}
            </SectionLink>
          ))}
        </div>
        <div className="flex gap-2">
          <a href="#/login" className="border-2 border-ink px-4 py-1.5 text-sm font-bold uppercase hover:bg-brand-light">
            Login
          </a>
          <a href="#/register" className="border-2 border-ink bg-brand px-4 py-1.5 text-sm font-bold text-paper uppercase shadow-brutal-sm hover:bg-ink">
            Sign Up
          </a>
        </div>
      </nav>
    </header>
  )
}

function Hero() {
  return (
    <section className="border-b-2 border-ink bg-brand-light">
      <div className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-16 md:grid-cols-2 md:py-24">
        <div>
          <p className="mb-4 inline-block border-2 border-ink bg-paper px-2 py-1 text-xs font-bold uppercase">Technical hiring for the AI era</p>
          <h1 className="text-4xl leading-tight font-black uppercase md:text-5xl lg:text-6xl">Screen AI-Era Engineers in 30 Minutes</h1>
          <p className="mt-6 max-w-xl text-lg">
            Candidates fix a real, buggy codebase with an AI assistant at their side. TALI records how they prompt, verify and debug, and
            turns it into a score you can trace back to the evidence.
          </p>
          <div className="mt-8 flex flex-wrap gap-4">
            <a href={DEMO_MAILTO} className={`${CTA_BASE} bg-paper hover:bg-ink hover:text-paper`}>
              Book Demo
            </a>
            <a href="#/register" className={`${CTA_BASE} bg-brand text-paper hover:bg-ink`}>
              Start Trial
            </a>
          </div>
        </div>
        <div className="brutal-box bg-ink p-5 font-mono text-sm text-paper" aria-label="Example of a session summary">
          <p className="text-brand">$ tali report --example</p>
          <p className="mt-3">tests passed ........ 5/5</p>
          <p>prompts ............. 7, grounded in the error</p>
          <p>verified AI output .. ran tests after each change</p>
          <p>independence ........ most lines typed</p>
          <p className="mt-3 text-xs text-neutral-400">Example layout of a report, not a real candidate.</p>
        </div>
      </div>
    </section>
  )
}

function Problem() {
  return (
    <section id="problem" className="border-b-2 border-ink">
      <div className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-16 md:grid-cols-2">
        <div>
          <h2 className="text-3xl font-black uppercase">The AI arms race broke the coding test</h2>
          <p className="mt-4">
            Every candidate now has an AI assistant. Classic puzzles either ban it, which tests a job nobody does any more, or ignore it,
            which tests the model instead of the engineer.
          </p>
          <p className="mt-4">
            The skill that matters has changed: knowing what to ask, checking what comes back, and debugging when it is wrong. Nothing in
            a pass/fail test shows that.
          </p>
        </div>
        <ArmsRaceVisual />
      </div>
    </section>
  )
}

function Solution() {
  return (
    <section id="solution" className="border-b-2 border-ink bg-ink text-paper">
      <div className="mx-auto max-w-6xl px-4 py-16">
        <h2 className="text-3xl font-black uppercase">
          10 data points on <span className="text-brand">how</span> they work
        </h2>
        <p className="mt-3 max-w-2xl text-neutral-300">Each one is computed from what happened in the session and links to the evidence.</p>
        <ol className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {DATA_POINTS.map((point, index) => (
            <li key={point.name} className="border-2 border-paper p-4">
              <span className="text-2xl font-black text-brand">{String(index + 1).padStart(2, '0')}</span>
              <h3 className="mt-2 font-bold uppercase">{point.name}</h3>
              <p className="mt-1 text-sm text-neutral-300">{point.detail}</p>
            </li>
          ))}
        </ol>
      </div>
    </section>
  )
}

function Features() {
  return (
    <section id="features" className="border-b-2 border-ink">
      <div className="mx-auto max-w-6xl px-4 py-16">
        <h2 className="text-3xl font-black uppercase">Features</h2>
        <div className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {FEATURES.map((feature) => (
            <article key={feature.title} className="brutal-box p-5">
              <h3 className="text-lg font-black uppercase">{feature.title}</h3>
              <p className="mt-2 text-sm">{feature.body}</p>
            </article>
          ))}
        </div>
      </div>
    </section>
  )
}

function Pricing() {
  return (
    <section id="pricing" className="border-b-2 border-ink bg-brand-light">
      <div className="mx-auto max-w-6xl px-4 py-16">
        <h2 className="text-3xl font-black uppercase">Pricing</h2>
        <div className="mt-8 grid gap-8 md:grid-cols-2">
          {PLANS.map((plan) => (
            <article key={plan.name} className={`brutal-box p-6 ${plan.highlighted ? 'shadow-brutal-brand' : ''}`}>
              <h3 className="text-xl font-black uppercase">{plan.name}</h3>
              <p className="mt-4">
                <span className="text-5xl font-black">{plan.price}</span> <span className="text-sm font-bold uppercase">{plan.unit}</span>
              </p>
              <ul className="mt-4 space-y-1 text-sm">
                {plan.points.map((point) => (
                  <li key={point}>■ {point}</li>
                ))}
              </ul>
              <a href="#/register" className={`${CTA_BASE} mt-6 ${plan.highlighted ? 'bg-brand text-paper hover:bg-ink' : 'bg-paper hover:bg-ink hover:text-paper'}`}>
                Start Trial
              </a>
            </article>
          ))}
        </div>
      </div>
    </section>
  )
}

function Footer() {
  return (
    <footer className="bg-ink text-paper">
      <div className="mx-auto grid max-w-6xl gap-8 px-4 py-10 sm:grid-cols-3">
        <div>
          <Logo inverted />
          <p className="mt-2 text-sm text-neutral-300">Hiring engineers for how they work with AI.</p>
        </div>
        <div>
          <h2 className="font-bold uppercase">Links</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <SectionLink id={s.id} className="hover:text-brand">
                  {s.label}
                </SectionLink>
              </li>
            ))}
            <li>
              <a href="#/login" className="hover:text-brand">
                Login
              </a>
            </li>
          </ul>
        </div>
        <div>
          <h2 className="font-bold uppercase">Contact</h2>
          <a href={`mailto:${CONTACT_EMAIL}`} className="mt-2 block text-sm underline hover:text-brand">
            {CONTACT_EMAIL}
          </a>
          <h2 className="mt-4 font-bold uppercase">Legal</h2>
          <p className="mt-2 text-xs text-neutral-300">
            © {new Date().getFullYear()} TALI. All rights reserved. Candidate sessions are visible only to the organization that sent the
            assessment. Terms of service and privacy policy are available on request at {CONTACT_EMAIL}.
          </p>
        </div>
      </div>
    </footer>
  )
}

export default function LandingPage() {
  return (
    <div className="min-h-screen">
      <NavBar />
      <main>
        <Hero />
        <Problem />
        <Solution />
        <Features />
        <Pricing />
      </main>
      <Footer />
    </div>
  )
}
