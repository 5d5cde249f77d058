package helpgen

import (
	"strings"
)

// This file ports platyPS's TextRenderer.AboutMarkdownToString, which turns
// an about_*.md into about_*.help.txt.

const (
	aboutIndent      = "    "
	aboutFirstHeader = "TOPIC" // MarkdownStrings.AboutTopicFirstHeader
)

type aboutRenderer struct {
	doc   *document
	width int
	sb    strings.Builder
}

// renderAbout renders a parsed about topic wrapped at width columns.
func renderAbout(doc *document, width int) (string, error) {
	r := &aboutRenderer{doc: doc, width: width}
	for i, n := range doc.nodes {
		switch n.kind {
		case paragraphNode:
			if err := r.paragraph(n); err != nil {
				return "", err
			}
		case headingNode:
			r.heading(n, i)
		case codeBlockNode:
			for _, line := range strings.Split(n.text, "\r\n") {
				r.sb.WriteString(aboutIndent + line + "\r\n")
			}
			r.sb.WriteString("\r\n")
		}
	}
	return fullNormalization(r.sb.String()), nil
}

// heading is AddAboutHeading: the first node becomes "TOPIC", a level-2
// heading in second place is the lower-cased topic name, other level-1
// headings are upper-cased, level-2 ones kept, deeper ones indented and
// upper-cased.
func (r *aboutRenderer) heading(n *node, index int) {
	switch {
	case index == 0:
		r.sb.WriteString(strings.ToUpper(aboutFirstHeader) + "\r\n")
	case n.level == 1:
		r.sb.WriteString(strings.ToUpper(n.text) + "\r\n")
	case n.level == 2 && index == 1:
		r.sb.WriteString(aboutIndent + strings.ToLower(n.text) + "\r\n\r\n")
	case n.level == 2:
		r.sb.WriteString(n.text + "\r\n")
	default:
		r.sb.WriteString(aboutIndent + strings.ToUpper(n.text) + "\r\n")
	}
}

// paragraph is AddAboutParagraph: every span on its own line(s), wrapped
// when longer than width-4, then a blank line.
func (r *aboutRenderer) paragraph(n *node) error {
	for _, s := range n.spans {
		switch {
		case dotnetLen(s.text) > r.width-4:
			if err := r.wrap(s.text); err != nil {
				return &Error{File: r.doc.file, Line: r.doc.lineOf(s.ext), Message: err.Error()}
			}
			r.sb.WriteString("\r\n")
		case s.text == "\n":
			r.sb.WriteString("\r\n")
		default:
			r.sb.WriteString(aboutIndent + s.text + "\r\n")
		}
	}
	r.sb.WriteString("\r\n")
	return nil
}

type substringError struct{}

func (substringError) Error() string { return msgSubstringRange }

// wrap is WrapAndAppendLines: greedy word wrap on single spaces; words
// holding a line break flush the line there. The last line gets no newline.
func (r *aboutRenderer) wrap(text string) error {
	limit := r.width - 4
	line := ""
	for _, word := range strings.Split(text, " ") {
		switch {
		case strings.Contains(word, "\r\n"):
			parts := nonEmpty(strings.Split(word, "\r\n"))
			for _, part := range parts {
				// platyPS compares by value with breakLine.Last(), so an
				// earlier part equal to the last one also counts as last.
				if part == parts[len(parts)-1] {
					line += part + " "
				} else {
					line += part
					r.sb.WriteString(aboutIndent + line + "\r\n")
					line = ""
				}
			}
		case dotnetLen(line)+dotnetLen(word) > limit:
			if line == "" {
				// text.Substring(text.Length - 1) on an empty string
				return substringError{}
			}
			line = strings.TrimSuffix(line, " ")
			r.sb.WriteString(aboutIndent + line + "\r\n")
			line = word + " "
		default:
			line += word + " "
		}
	}
	if line == "" || line == " " {
		return nil
	}
	r.sb.WriteString(aboutIndent + strings.TrimSuffix(line, " "))
	return nil
}

func nonEmpty(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// isAboutTopic is GetAboutTopicsFromPath's ConfirmAboutBySecondHeaderText:
// the second node's text is longer than five characters and starts with
// "about" in any case. Paragraphs have no Text property in PowerShell.
func isAboutTopic(doc *document) bool {
	if len(doc.nodes) < 2 || doc.nodes[1].kind == paragraphNode {
		return false
	}
	t := doc.nodes[1].text
	r := []rune(t)
	return dotnetLen(t) > 5 && len(r) >= 5 && strings.EqualFold(string(r[:5]), "about")
}
