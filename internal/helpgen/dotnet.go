package helpgen

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Small equivalents of the .NET string operations platyPS relies on.

// trimSpace is String.Trim(): both ends, .NET's whitespace set (which equals
// Go's unicode.IsSpace set).
func trimSpace(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// trimStart is String.TrimStart().
func trimStart(s string) string { return strings.TrimLeftFunc(s, unicode.IsSpace) }

// isBlank is String.IsNullOrWhiteSpace.
func isBlank(s string) bool { return trimSpace(s) == "" }

// equalFold is StringComparer.OrdinalIgnoreCase.Equals.
func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// dotnetLen is String.Length: the number of UTF-16 code units. Wrapping and
// title padding count in these units.
func dotnetLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// decodeText turns file bytes into a string the way File.ReadAllText does:
// a UTF-8 or UTF-16 byte order mark selects the encoding and is dropped,
// otherwise UTF-8, and every invalid byte becomes U+FFFD.
func decodeText(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		b = b[3:]
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return decodeUTF16(b[2:], false)
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return decodeUTF16(b[2:], true)
	}
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		sb.WriteRune(r) // RuneError for an invalid byte
		b = b[size:]
	}
	return sb.String()
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// normalizeNewlines is Regex.Replace(s, "\r\n?|\n", "\r\n").
func normalizeNewlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return strings.ReplaceAll(s, "\n", "\r\n")
	}
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/16)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			sb.WriteString("\r\n")
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
			sb.WriteString("\r\n")
		default:
			sb.WriteByte(s[i])
		}
	}
	return sb.String()
}

// countLineBreaks counts line breaks as normalizeNewlines would create them.
func countLineBreaks(s string) int {
	return strings.Count(normalizeNewlines(s), "\n")
}

// cultureCompare approximates Comparer<string>.Default (culture-sensitive,
// as used by LINQ OrderBy on parameter positions): letters compare without
// case first, punctuation sorts before digits before letters, and on a tie
// lower case sorts before upper case.
func cultureCompare(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		ka, kb := cultureKey(ra[i]), cultureKey(rb[i])
		if ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
	}
	if len(ra) != len(rb) {
		if len(ra) < len(rb) {
			return -1
		}
		return 1
	}
	for i := range ra {
		la, lb := unicode.IsLower(ra[i]), unicode.IsLower(rb[i])
		if la != lb {
			if la {
				return -1
			}
			return 1
		}
	}
	return 0
}

func cultureKey(r rune) int64 {
	var class int64
	switch {
	case unicode.IsDigit(r):
		class = 1
	case unicode.IsLetter(r):
		class = 2
	case r > unicode.MaxASCII:
		class = 3
	}
	return class<<32 | int64(unicode.ToLower(r))
}
