// Input normalisation, the same as the core's (src-tauri/core/src/normalize.rs), applied before every check.

/** Full-width ASCII forms (U+FF01–U+FF5E) become half-width; the ideographic space (U+3000) a plain space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )
}

/** Half-width, trimmed, with every run of whitespace folded to one space. */
export function cleanText(s: string): string {
  return toHalfWidth(s)
    .split(/\s+/)
    .filter((part) => part !== '')
    .join(' ')
}

/** Whether a character is a CJK ideograph (the ranges Chinese names use). */
export function isCjk(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0
  return (
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x2fa1f)
  )
}

/** A person's name: cleaned, and spaces between two CJK characters dropped ("张 三" → "张三"). */
export function cleanPersonName(s: string): string {
  const chars = Array.from(cleanText(s))
  return chars.filter((c, i) => !(c === ' ' && isCjk(chars[i - 1] ?? '') && isCjk(chars[i + 1] ?? ''))).join('')
}
