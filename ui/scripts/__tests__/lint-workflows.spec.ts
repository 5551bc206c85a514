// @vitest-environment node
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain ES module script without type declarations
import { lintWorkflows } from '../lint-workflows.mjs'

interface Problem {
  line: number
  kind: string
  message: string
}

function folderWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'workflows-'))
  writeFileSync(join(dir, 'ci.yml'), yaml)
  return dir
}

describe('lintWorkflows', () => {
  it('reports an unknown context property and a wrongly typed key', async () => {
    const dir = folderWith(
      [
        'on: push',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    timeout-minutes: true',
        '    steps:',
        '      - run: echo ${{ github.no_such_thing }}',
      ].join('\n'),
    )
    const problems: Problem[] = await lintWorkflows(dir)
    expect(problems.map((p) => p.line).sort()).toEqual([5, 7])
    expect(problems.some((p) => p.kind === 'expression' && p.message.includes('no_such_thing'))).toBe(true)
  })

  it('passes a well-formed workflow', async () => {
    const dir = folderWith(
      ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo ok'].join('\n'),
    )
    expect(await lintWorkflows(dir)).toEqual([])
  })

  it('refuses a folder without workflows', async () => {
    await expect(lintWorkflows(mkdtempSync(join(tmpdir(), 'empty-')))).rejects.toThrow(/no workflow files/)
  })
})
