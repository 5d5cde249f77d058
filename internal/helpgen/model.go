package helpgen

// Markdown model: what MarkdownParser produces (platyPS Model/Markdown).

type nodeKind int

const (
	headingNode nodeKind = iota
	paragraphNode
	codeBlockNode
)

// extent locates a node or span in the parsed document text, like platyPS's
// SourceExtent. start/end are byte offsets into the document text.
type extent struct {
	start, end int
}

// node is one top-level markdown node (HeadingNode, ParagraphNode or
// CodeBlockNode).
type node struct {
	kind  nodeKind
	ext   extent
	text  string // heading text, or code block contents (trimmed)
	level int    // heading level
	lang  string // code block language moniker; "" means none (null in platyPS)
	spans []span // paragraph spans
}

type spanKind int

const (
	textSpan spanKind = iota
	hyperlinkSpan
	hardBreakSpan
)

type textStyle int

const (
	styleNormal textStyle = iota
	styleBold
	styleItalic
)

// span is a ParagraphSpan: TextSpan, HyperlinkSpan or HardBreakSpan.
type span struct {
	kind  spanKind
	ext   extent
	text  string
	uri   string // hyperlink only
	style textStyle
}

// document is the parsed markdown of one file.
type document struct {
	file string // path used in error messages
	text string // document text after front matter removal (CRLF newlines)
	// lineBase is the number of lines of the original file that precede text,
	// so errors can name real file lines.
	lineBase int
	nodes    []*node
}

// MAML model (platyPS Model/MAML).

type mamlCommand struct {
	name        string
	synopsis    *string
	description *string
	notes       *string
	syntax      []*mamlSyntax
	parameters  []*mamlParameter
	inputs      []mamlInputOutput
	outputs     []mamlInputOutput
	examples    []mamlExample
	links       []mamlLink
}

type mamlSyntax struct {
	parameterSetName string
	isDefault        bool
	parameters       []*mamlParameter
}

type mamlParameter struct {
	name          string
	typ           *string // nil when no Type key was given
	description   string
	required      bool
	defaultValue  *string
	globbing      bool
	pipelineInput string
	position      string
	aliases       []string
	applicable    []string
	valueRequired bool
	// valueGroup is shared between clones, as MemberwiseClone shares the
	// List<string> in platyPS: accepted values from every yaml block of a
	// parameter accumulate in all of its clones.
	valueGroup *[]string
}

func newParameter(name string) *mamlParameter {
	return &mamlParameter{
		name:          name,
		pipelineInput: "false",
		position:      "Named",
		valueGroup:    new([]string),
	}
}

func (p *mamlParameter) clone() *mamlParameter {
	c := *p
	return &c
}

// isSwitch is MamlParameter.IsSwitchParameter.
func (p *mamlParameter) isSwitch() bool {
	return p.typ != nil && (equalFold(*p.typ, "SwitchParameter") || equalFold(*p.typ, "switch"))
}

type mamlInputOutput struct {
	typeName    string
	description string
}

type mamlExample struct {
	title   string
	code    []string
	remarks string
}

type mamlLink struct {
	name string
	uri  string
}
