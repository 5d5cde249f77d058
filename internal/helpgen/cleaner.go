package helpgen

import "strings"

// Ports of platyPS's RenderCleaner.

// normalizeWhitespaces turns no-break spaces (and the mojibake platyPS
// guards against: U+C2A0, "Â ", 'Ã') into plain spaces.
func normalizeWhitespaces(s string) string {
	for _, r := range [][2]string{{"\u00a0", " "}, {"\uc2a0", " "}, {"Â ", " "}, {"Ã", " "}} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

var quotesAndDashes = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201b", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`,
	"\u05be", "-", "\u1806", "-", "\u2010", "-", "\u2011", "-", "\u00ad", "-",
	"\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-",
)

// fullNormalization is RenderCleaner.FullNormalization, applied to about
// topics: whitespace, then line breaks (all CRLF), then typographic quotes
// and dashes to ASCII.
func fullNormalization(s string) string {
	return quotesAndDashes.Replace(normalizeNewlines(normalizeWhitespaces(s)))
}
