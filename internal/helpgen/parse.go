package helpgen

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// This file ports platyPS's MarkdownParser (ParserMode.Full). It is not a
// CommonMark parser: at each position every pattern is searched, the
// nearest match wins (ties go to the pattern listed first), the text before
// it becomes a TextSpan, and the match becomes a node or span.

// matcher finds the first match starting at or after from and returns
// absolute submatch offsets (as regexp's FindSubmatchIndex does), or nil.
type matcher func(text string, from int) []int

type pattern struct {
	name   string
	find   matcher
	action func(p *parser, loc []int)
}

// dotnetWord is .NET's \w, which, unlike Go's, is Unicode-aware.
const dotnetWord = `[\p{L}\p{Mn}\p{Nd}\p{Pc}]`

// The regexes are platyPS's, translated from .NET syntax:
//   - RegexOptions.IgnorePatternWhitespace is why '#' is escaped there;
//   - "(\r\n){{1}}" and "(\r\n){{2,}}" are verbatim strings, not format
//     strings, so .NET reads "{{1}}" as a literal '{' repeated once followed
//     by '}': softbreak and new_paragraph only match "\r\n{}" and "\r\n{{}".
//     That is why platyPS never splits paragraphs on blank lines here and
//     leaves line breaks to unwindEscaping.
var (
	reHashHeader    = regexp.MustCompile(`(#+)[ ]*(.+?)[ ]*#*(\r\n)+`)
	reHashHeader2   = regexp.MustCompile(`(\r\n)+(#+)[ ]*(.+?)[ ]*#*(\r\n)+`)
	reUnderline     = regexp.MustCompile(`(.+?)[ ]*\r\n(==+|--+)[ ]*(\r\n)+`)
	reTickCodeBlock = regexp.MustCompile("```(" + dotnetWord + `*)(\r\n)*((?:.|\r\n)*?)` + "```" + `(\r\n)*`)
	reHardBreak     = regexp.MustCompile(`[ ]{2}\r\n`)
	reSoftBreak     = regexp.MustCompile(`\r\n\{\}`)
	reNewParagraph  = regexp.MustCompile(`\r\n\{\{+\}`)
	reHyperlink     = regexp.MustCompile(`\[(.+?)\]\((.*)\)`)
	reBold          = regexp.MustCompile(`\*\*(.+?)\*\*`)
	reItalic        = regexp.MustCompile(`\*(.+?)\*`)
)

func regexMatcher(re *regexp.Regexp) matcher {
	return func(text string, from int) []int {
		loc := re.FindStringSubmatchIndex(text[from:])
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += from
			}
		}
		return loc
	}
}

// underscoreMatcher implements (?<![a-zA-Z0-9])D(.+?)D(?![a-zA-Z0-9]) for
// the delimiter D ("__" or "_"); Go's regexp has no look-around. Like .NET's
// Regex.Match(text, startat), the look-behind may look before from.
func underscoreMatcher(delim string) matcher {
	n := len(delim)
	return func(text string, from int) []int {
		for i := from; i+n <= len(text); i++ {
			j := strings.Index(text[i:], delim)
			if j < 0 {
				return nil
			}
			i += j
			if i > 0 && isASCIIAlnum(text[i-1]) {
				continue
			}
			open := i + n
			if open >= len(text) || text[open] == '\n' {
				continue
			}
			_, size := utf8.DecodeRuneInString(text[open:])
			for k := open + size; k+n <= len(text); {
				if text[k:k+n] == delim && (k+n == len(text) || !isASCIIAlnum(text[k+n])) {
					return []int{i, k + n, open, k}
				}
				if text[k] == '\n' {
					break
				}
				_, size := utf8.DecodeRuneInString(text[k:])
				k += size
			}
		}
		return nil
	}
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// fullModePatterns is InitializePatternList for ParserMode.Full, in order.
var fullModePatterns = []pattern{
	{"hash_header", regexMatcher(reHashHeader), func(p *parser, m []int) { p.heading(m, 1, 2) }},
	{"hash_header2", regexMatcher(reHashHeader2), func(p *parser, m []int) { p.heading(m, 2, 3) }},
	{"underline_header", regexMatcher(reUnderline), (*parser).underlineHeading},
	{"tick_codeblock", regexMatcher(reTickCodeBlock), (*parser).codeBlock},
	{"hardbreak", regexMatcher(reHardBreak), (*parser).hardBreak},
	{"softbreak", regexMatcher(reSoftBreak), func(*parser, []int) {}},
	{"new_paragraph", regexMatcher(reNewParagraph), (*parser).newParagraph},
	{"hyperlink", regexMatcher(reHyperlink), (*parser).hyperlink},
	{"bold", regexMatcher(reBold), func(p *parser, m []int) { p.styled(m, styleBold) }},
	{"italic", regexMatcher(reItalic), func(p *parser, m []int) { p.styled(m, styleItalic) }},
	{"bold2", underscoreMatcher("__"), func(p *parser, m []int) { p.styled(m, styleBold) }},
	{"italic2", underscoreMatcher("_"), func(p *parser, m []int) { p.styled(m, styleItalic) }},
}

type parser struct {
	text  string
	nodes []*node
	spans []span // the paragraph being collected (_currentParagraphSpans)
}

// parseMarkdown ports MarkdownParser.ParseString for one file in Full mode.
// file is only used in error messages.
func parseMarkdown(file, raw string) *document {
	text, lineBase := documentText(raw)
	p := &parser{text: text}
	p.parseDocument()
	return &document{file: file, text: text, lineBase: lineBase, nodes: p.nodes}
}

// parseDocument is MarkdownParser.ParseDocument. Each pattern's last search
// result is cached: a match found at or after the current offset is still
// the first one from there, because these patterns match the same way
// wherever the search starts. This keeps parsing linear-ish instead of the
// original's quadratic rescans, without changing the result.
func (p *parser) parseDocument() {
	type cached struct {
		searched bool
		loc      []int
	}
	cache := make([]cached, len(fullModePatterns))
	start := 0
	for start < len(p.text) {
		var first []int
		firstPattern := -1
		for i, pat := range fullModePatterns {
			// "a dirty hack to avoid hash_headers, if it's not a beginning of a line"
			if pat.name == "hash_header" && p.text[start] != '#' {
				continue
			}
			c := &cache[i]
			if !c.searched || (c.loc != nil && c.loc[0] < start) {
				c.loc, c.searched = pat.find(p.text, start), true
			}
			if c.loc != nil && (first == nil || first[0] > c.loc[0]) {
				first, firstPattern = c.loc, i
				if c.loc[0] == start {
					break
				}
			}
		}
		if first == nil {
			p.normalSpan(start, len(p.text))
			break
		}
		p.normalSpan(start, first[0])
		fullModePatterns[firstPattern].action(p, first)
		start = first[1]
	}
	p.finishParagraph()
}

func (p *parser) finishParagraph() {
	if len(p.spans) > 0 {
		p.nodes = append(p.nodes, &node{kind: paragraphNode, spans: p.spans, ext: p.spans[0].ext})
		p.spans = nil
	}
}

// normalSpan is CreateNormalSpan: whitespace-only text adds nothing.
func (p *parser) normalSpan(from, to int) {
	s := p.text[from:to]
	if isBlank(s) {
		return
	}
	p.spans = append(p.spans, span{kind: textSpan, ext: extent{from, to}, text: unwindEscaping(trimSpace(s))})
}

// heading is CreateHashHeader/CreateHashHeader2: the level is the number
// of '#' in group levelGroup, the text is group textGroup.
func (p *parser) heading(m []int, levelGroup, textGroup int) {
	p.finishParagraph()
	level := m[2*levelGroup+1] - m[2*levelGroup]
	p.nodes = append(p.nodes, &node{
		kind:  headingNode,
		ext:   extent{m[0], m[1]},
		text:  p.text[m[2*textGroup]:m[2*textGroup+1]],
		level: level,
	})
}

func (p *parser) underlineHeading(m []int) {
	p.finishParagraph()
	level := 2
	if p.text[m[4]] == '=' {
		level = 1
	}
	p.nodes = append(p.nodes, &node{kind: headingNode, ext: extent{m[0], m[1]}, text: p.text[m[2]:m[3]], level: level})
}

func (p *parser) codeBlock(m []int) {
	p.finishParagraph()
	p.nodes = append(p.nodes, &node{
		kind: codeBlockNode,
		ext:  extent{m[0], m[1]},
		lang: p.text[m[2]:m[3]],
		text: trimSpace(p.text[m[6]:m[7]]),
	})
}

// hardBreak: two spaces before a newline become a HardBreakSpan ("\n").
func (p *parser) hardBreak(m []int) {
	p.spans = append(p.spans, span{kind: hardBreakSpan, ext: extent{m[0], m[1]}, text: "\n"})
}

func (p *parser) newParagraph([]int) { p.finishParagraph() }

// hyperlink: the link text and target are kept verbatim (no trimming or
// unescaping), as HyperlinkSpan does.
func (p *parser) hyperlink(m []int) {
	p.spans = append(p.spans, span{
		kind: hyperlinkSpan,
		ext:  extent{m[0], m[1]},
		text: p.text[m[2]:m[3]],
		uri:  p.text[m[4]:m[5]],
	})
}

func (p *parser) styled(m []int, style textStyle) {
	p.spans = append(p.spans, span{
		kind:  textSpan,
		ext:   extent{m[0], m[1]},
		text:  unwindEscaping(trimSpace(p.text[m[2]:m[3]])),
		style: style,
	})
}
