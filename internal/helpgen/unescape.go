package helpgen

import "strings"

// unwindEscaping ports MarkdownParser.UnwindMarkdownCharsEscaping, applied to
// every TextSpan. Besides removing markdown escapes it decides line breaks:
// a single newline becomes a space, a blank line becomes one "\r\n", and
// consecutive list items ("- ", "* ", "--") keep their newlines.
func unwindEscaping(s string) string {
	for _, r := range [][2]string{
		// platyPS calls String.Replace with this regex-looking literal; it
		// only ever matches that exact text, so keep it for fidelity.
		{"\r\n([^\r])", "$1"},
		{`\[`, `[`},
		{`\]`, `]`},
		{`\(`, `(`},
		{`\)`, `)`},
		{"\\`", "`"},
		{`\<`, `<`},
		{`\>`, `>`},
		{`\_`, `_`},
		{`\*`, `*`},
		{`\\`, `\`},
	} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}

	var out strings.Builder
	lb := lineBreaker{prev: "foo"} // "any dummy value with length >= 2"
	// Regex.Replace(s, "([^\r\n]*)(\r\n|$)", evaluator): one call per line,
	// plus, when s is not empty, .NET's extra empty match at the very end.
	lines := splitCRLF(s)
	for _, line := range lines {
		out.WriteString(lb.evaluate(line))
	}
	if s != "" {
		out.WriteString(lb.evaluate(""))
	}
	return trimSpace(strings.ReplaceAll(out.String(), " \r\n", "\r\n"))
}

// splitCRLF splits on "\r\n" only; a lone '\r' or '\n' stays in its line as
// it does for the [^\r\n]* regex (after normalisation neither occurs).
func splitCRLF(s string) []string { return strings.Split(s, "\r\n") }

// lineBreaker is the static state of LineBreaksMatchEvaluater.
type lineBreaker struct {
	prev   string
	inList bool
}

func (lb *lineBreaker) evaluate(line string) string {
	g1, g2 := lb.prev, line
	lb.prev = g2
	if isBlank(g2) {
		return "\r\n"
	}
	if hasListPrefix(g1) && hasListPrefix(g2) {
		lb.inList = true
		return "\r\n" + g2
	}
	if lb.inList {
		lb.inList = false
		g2 = "\r\n" + g2
	}
	return g2 + " "
}

// hasListPrefix is MarkdownParser.HasListPrefix.
func hasListPrefix(s string) bool {
	if len(s) < 2 {
		return false
	}
	return s[0] == '-' && s[1] == '-' || s[0] == '-' && s[1] == ' ' || s[0] == '*' && s[1] == ' '
}
