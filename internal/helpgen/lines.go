package helpgen

import "strings"

// lineOf returns the 1-based line in the original file where ext begins.
// platyPS reports 0-based lines counted from after the front matter, and a
// match that starts with newlines (hash_header2) points at the line before
// the heading; here leading whitespace is skipped so the line is the one
// that holds the offending text.
func (d *document) lineOf(ext extent) int {
	pos := ext.start
	for pos < ext.end && pos < len(d.text) && strings.IndexByte(" \t\r\n", d.text[pos]) >= 0 {
		pos++
	}
	if pos > len(d.text) {
		pos = len(d.text)
	}
	return d.lineBase + strings.Count(d.text[:pos], "\n") + 1
}
