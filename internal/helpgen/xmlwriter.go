package helpgen

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A minimal stand-in for LINQ to XML + XmlWriter as platyPS uses them
// (XDocument.Save with indentation, Windows newlines): elements hold either
// text or child elements, never both, so only these cases matter:
//
//	<a />            no content (an empty IEnumerable<XElement>)
//	<a></a>          empty string content
//	<a>text</a>      text, escaped, newlines written as they are
//	<a>\n  <b />\n</a>  children, two spaces of indent per level

const xmlNewline = "\r\n" // XmlWriterSettings.NewLineChars on Windows

type xmlAttr struct{ name, value string }

type xmlElem struct {
	name     string
	attrs    []xmlAttr
	text     *string
	children []*xmlElem
}

func elem(name string, children ...*xmlElem) *xmlElem {
	e := &xmlElem{name: name}
	for _, c := range children {
		if c != nil { // LINQ to XML ignores null content
			e.children = append(e.children, c)
		}
	}
	return e
}

func textElem(name, text string) *xmlElem { return &xmlElem{name: name, text: &text} }

func (e *xmlElem) attr(name, value string) *xmlElem {
	e.attrs = append(e.attrs, xmlAttr{name, value})
	return e
}

// invalidXMLCharError is what XmlWriter (CheckCharacters) throws.
type invalidXMLCharError struct{ r rune }

func (e *invalidXMLCharError) Error() string {
	return fmt.Sprintf("'\\u%04x', hexadecimal value 0x%02X, is an invalid character.", e.r, e.r)
}

func validXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// renderXMLDocument writes the declaration and root as XDocument.Save does
// (no newline after the root element).
func renderXMLDocument(root *xmlElem) (string, error) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + xmlNewline)
	if err := writeElem(&sb, root, 0); err != nil {
		return "", err
	}
	return sb.String(), nil
}

func writeElem(sb *strings.Builder, e *xmlElem, depth int) error {
	sb.WriteString("<" + e.name)
	for _, a := range e.attrs {
		sb.WriteString(" " + a.name + `="`)
		if err := escapeXML(sb, a.value, true); err != nil {
			return err
		}
		sb.WriteByte('"')
	}
	switch {
	case e.text != nil:
		sb.WriteByte('>')
		if err := escapeXML(sb, *e.text, false); err != nil {
			return err
		}
	case len(e.children) == 0:
		sb.WriteString(" />")
		return nil
	default:
		sb.WriteByte('>')
		for _, c := range e.children {
			sb.WriteString(xmlNewline + strings.Repeat("  ", depth+1))
			if err := writeElem(sb, c, depth+1); err != nil {
				return err
			}
		}
		sb.WriteString(xmlNewline + strings.Repeat("  ", depth))
	}
	sb.WriteString("</" + e.name + ">")
	return nil
}

// escapeXML escapes as XmlEncodedRawTextWriter does with the default
// NewLineHandling.Replace: in text every newline form becomes NewLineChars;
// in attributes newlines and tabs become character references.
func escapeXML(sb *strings.Builder, s string, inAttr bool) error {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == '&':
			sb.WriteString("&amp;")
		case r == '<':
			sb.WriteString("&lt;")
		case r == '>':
			sb.WriteString("&gt;")
		case r == '"' && inAttr:
			sb.WriteString("&quot;")
		case r == '\r' || r == '\n':
			if inAttr {
				if r == '\r' {
					sb.WriteString("&#xD;")
				} else {
					sb.WriteString("&#xA;")
				}
				continue
			}
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			sb.WriteString(xmlNewline)
		case r == '\t' && inAttr:
			sb.WriteString("&#x9;")
		case !validXMLChar(r):
			return &invalidXMLCharError{r}
		default:
			sb.WriteString(s[i-size : i])
		}
	}
	return nil
}
