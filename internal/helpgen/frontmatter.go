package helpgen

import "strings"

// Front matter keys New-ExternalHelp reads (platyPS.psm1 constants).
const (
	keyExternalHelpFile = "external help file"
	keyOnlineVersion    = "online version"
	keySchema           = "schema"
	keyModuleGUID       = "Module Guid"
)

// metadata is the Dictionary<string,string>(OrdinalIgnoreCase) that
// MarkdownParser.ParseYamlKeyValuePairs returns; a nil value is an empty
// value in the yaml ("we treat empty value as null").
type metadata struct {
	keys   []string
	values []*string
}

func (m *metadata) index(key string) int {
	for i, k := range m.keys {
		if equalFold(k, key) {
			return i
		}
	}
	return -1
}

// get returns the value for key, "" when absent or null.
func (m *metadata) get(key string) string {
	if m == nil {
		return ""
	}
	if i := m.index(key); i >= 0 && m.values[i] != nil {
		return *m.values[i]
	}
	return ""
}

func (m *metadata) has(key string) bool { return m != nil && m.index(key) >= 0 }

func (m *metadata) set(key string, value *string) {
	if i := m.index(key); i >= 0 {
		m.values[i] = value // the first spelling of the key is kept
		return
	}
	m.keys = append(m.keys, key)
	m.values = append(m.values, value)
}

// yamlLineError reports which line (0-based, counted in the snippet) broke
// the key-value rule.
type yamlLineError struct{ line int }

// parseKeyValuePairs ports MarkdownParser.ParseYamlKeyValuePairs: every
// non-blank line must be "key: value"; nothing else of YAML is understood.
func parseKeyValuePairs(snippet string) (*metadata, *yamlLineError) {
	m := &metadata{}
	lines := strings.Split(strings.ReplaceAll(snippet, "\r\n", "\n"), "\n")
	for i, raw := range lines {
		line := trimSpace(raw)
		if line == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, &yamlLineError{line: i}
		}
		key, value = trimSpace(key), trimSpace(value)
		if value == "" {
			m.set(key, nil)
		} else {
			v := value
			m.set(key, &v)
		}
	}
	return m, nil
}

// preparedText is a markdown file after MarkdownParser.PrepareDocumentString:
// leading whitespace trimmed, '–' replaced by '-', newlines made CRLF.
type preparedText struct {
	text string
	// baseLines is how many lines of the file the leading trim removed.
	baseLines int
}

func prepareDocument(raw string) preparedText {
	trimmed := trimStart(raw)
	return preparedText{
		text:      normalizeNewlines(strings.ReplaceAll(trimmed, "–", "-")),
		baseLines: countLineBreaks(raw[:len(raw)-len(trimmed)]),
	}
}

// yamlBlockEnd is GetYamlMetadataBlockEndOffset: the offset of the "\r\n---"
// that closes a front matter block opened by "---\r\n", or -1.
func yamlBlockEnd(text string) int {
	const offset = 5
	if !strings.HasPrefix(text, "---\r\n") {
		return -1
	}
	i := strings.Index(text[offset:], "\r\n---")
	if i < 0 {
		return -1
	}
	return i + offset
}

// readMetadata ports MarkdownParser.GetYamlMetadata. It returns nil metadata
// when the file has no front matter block.
func readMetadata(file, raw string) (*metadata, error) {
	p := prepareDocument(raw)
	end := yamlBlockEnd(p.text)
	if end < 0 {
		return nil, nil
	}
	m, lerr := parseKeyValuePairs(p.text[5:end])
	if lerr != nil {
		return nil, &Error{File: file, Line: p.baseLines + 2 + lerr.line, Message: msgYAMLNotKeyValue}
	}
	return m, nil
}

// documentText ports SkipYamlMetadataBlock: the text the parser sees, and
// the number of file lines before it.
func documentText(raw string) (string, int) {
	p := prepareDocument(raw)
	end := yamlBlockEnd(p.text)
	if end < 0 {
		return p.text, p.baseLines
	}
	rest := p.text[end+5:]
	body := trimStart(rest)
	skipped := p.text[:len(p.text)-len(body)]
	return body, p.baseLines + strings.Count(skipped, "\n")
}
