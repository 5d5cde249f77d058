package main

import (
	"fmt"
	"strings"
	"unicode"
)

// parsePSData reads a PowerShell data file (a module manifest) as far as a
// manifest uses it: a hashtable of strings, string arrays, booleans and
// nested hashtables, with comments. Values come back as string, []string,
// bool, nil or map[string]any; keys keep their case (look them up with get).
// Anything else (expressions, variables, expandable strings) is an error:
// the gallery's metadata must be plain data.
func parsePSData(text string) (map[string]any, error) {
	p := &psdParser{src: []rune(text)}
	p.skip(true)
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skip(true)
	if p.pos < len(p.src) {
		return nil, p.errorf("text after the hashtable")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("psd1: the file is not a hashtable")
	}
	return m, nil
}

// get looks a key up case-insensitively, as PowerShell does.
func get(m map[string]any, key string) any {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

type psdParser struct {
	src []rune
	pos int
}

func (p *psdParser) errorf(format string, args ...any) error {
	line := 1 + strings.Count(string(p.src[:p.pos]), "\n")
	return fmt.Errorf("psd1 line %d: %s", line, fmt.Sprintf(format, args...))
}

// skip passes spaces and comments, and newlines too when newlines is set.
func (p *psdParser) skip(newlines bool) {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\n' && !newlines:
			return
		case unicode.IsSpace(c) || c == '\ufeff':
			p.pos++
		case c == '<' && p.peek(1) == '#':
			p.pos += 2
			for p.pos < len(p.src) && !(p.src[p.pos] == '#' && p.peek(1) == '>') {
				p.pos++
			}
			p.pos = min(p.pos+2, len(p.src))
		case c == '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

func (p *psdParser) peek(off int) rune {
	if p.pos+off < len(p.src) {
		return p.src[p.pos+off]
	}
	return 0
}

func (p *psdParser) value() (any, error) {
	if p.pos >= len(p.src) {
		return nil, p.errorf("a value is missing")
	}
	switch c := p.src[p.pos]; {
	case c == '@' && p.peek(1) == '{':
		p.pos += 2
		return p.hashtable()
	case c == '@' && p.peek(1) == '(':
		p.pos += 2
		return p.array(')')
	case c == '\'':
		return p.singleQuoted()
	case c == '"':
		return p.doubleQuoted()
	case c == '$':
		word := p.word()
		switch strings.ToLower(word) {
		case "$true":
			return true, nil
		case "$false":
			return false, nil
		case "$null":
			return nil, nil
		}
		return nil, p.errorf("variable %s is not data", word)
	}
	return nil, p.errorf("unsupported value starting %q", p.src[p.pos])
}

func (p *psdParser) word() string {
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] == '$' || p.src[p.pos] == '_' || unicode.IsLetter(p.src[p.pos]) || unicode.IsDigit(p.src[p.pos])) {
		p.pos++
	}
	return string(p.src[start:p.pos])
}

func (p *psdParser) hashtable() (map[string]any, error) {
	m := map[string]any{}
	for {
		p.skip(true)
		if p.pos < len(p.src) && p.src[p.pos] == ';' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return m, nil
		}
		var key string
		if p.pos < len(p.src) && p.src[p.pos] == '\'' {
			k, err := p.singleQuoted()
			if err != nil {
				return nil, err
			}
			key = k
		} else if key = p.word(); key == "" || strings.HasPrefix(key, "$") {
			return nil, p.errorf("a key is expected")
		}
		p.skip(false)
		if p.pos >= len(p.src) || p.src[p.pos] != '=' {
			return nil, p.errorf("'=' is expected after %s", key)
		}
		p.pos++
		p.skip(false)
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if get(m, key) != nil {
			return nil, p.errorf("%s is set twice", key)
		}
		m[key] = v
	}
}

// array reads @( ... ): items separated by commas or newlines.
func (p *psdParser) array(end rune) ([]string, error) {
	items := []string{}
	for {
		p.skip(true)
		if p.pos < len(p.src) && p.src[p.pos] == ',' && len(items) > 0 {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == end {
			p.pos++
			return items, nil
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		s, ok := v.(string)
		if !ok {
			return nil, p.errorf("only arrays of strings are supported")
		}
		items = append(items, s)
	}
}

func (p *psdParser) singleQuoted() (string, error) {
	p.pos++ // the opening quote
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		p.pos++
		if c == '\'' {
			if p.pos < len(p.src) && p.src[p.pos] == '\'' { // '' is one quote
				b.WriteRune('\'')
				p.pos++
				continue
			}
			return b.String(), nil
		}
		b.WriteRune(c)
	}
	return "", p.errorf("unterminated string")
}

// doubleQuoted accepts only text PowerShell would not expand.
func (p *psdParser) doubleQuoted() (string, error) {
	p.pos++
	start := p.pos
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '"':
			s := string(p.src[start:p.pos])
			p.pos++
			return s, nil
		case '$', '`':
			return "", p.errorf("expandable string: use single quotes")
		}
		p.pos++
	}
	return "", p.errorf("unterminated string")
}
