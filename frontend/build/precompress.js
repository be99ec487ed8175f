// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of the build, once, at the highest
// levels: the server then answers by content negotiation without compressing anything per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|ttf|txt|map)$/
// Below this a compressed copy saves less than the headers it costs.
const MIN_BYTES = 1024

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

export function compressFile(path) {
  const data = readFileSync(path)
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  })
  const gzip = gzipSync(data, { level: 9 })
  // A copy that is not smaller is useless: the server then sends the original.
  if (brotli.length < data.length) writeFileSync(`${path}.br`, brotli)
  if (gzip.length < data.length) writeFileSync(`${path}.gz`, gzip)
}

export default function precompress() {
  let outDir
  return {
    name: 'tali-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      for (const path of files(outDir)) {
        if (COMPRESSIBLE.test(path) && statSync(path).size >= MIN_BYTES) compressFile(path)
      }
    },
  }
}
