package helpgen

import (
	"fmt"
	"strings"
)

// This file ports ModelTransformerBase and ModelTransformerVersion2: the
// grammar that turns the node list of a schema 2.0.0 file into commands.

const (
	allParamSets          = "(All)"      // ModelTransformerVersion2.ALL_PARAM_SETS_MONIKER
	defaultSetModifier    = " (Default)" // MarkdownStrings.DefaultParameterSetModifier
	commonParametersToken = "CommonParameters"
	workflowParamsToken   = "WorkflowCommonParameters"
	exampleHint           = "platyPS warns: this can occur when there are multiple code blocks in one example"
)

type transformer struct {
	doc   *document
	next  int // index of the next node to read
	ungot bool
	cur   *node
	// The set map lives on the transformer, which platyPS creates once per
	// file, so it accumulates across commands (and PARAMETERS sections) of a
	// file exactly as the original does.
	sets []*parameterSets
}

// transformDocument ports NodeModelToMamlModel.
func transformDocument(doc *document) (cmds []*mamlCommand, err error) {
	t := &transformer{doc: doc}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			cmds, err = nil, e
		}
	}()
	for n := t.nextNode(); n != nil; n = t.nextNode() {
		if n.kind != headingNode {
			continue // platyPS silently skips anything outside a command
		}
		if n.level != 1 {
			t.fail(n.ext, fmt.Sprintf(msgUnknownLevel, n.level))
		}
		cmd := &mamlCommand{name: n.text}
		for t.section(cmd) {
		}
		cmds = append(cmds, cmd)
	}
	return cmds, nil
}

// fail throws the equivalent of a HelpSchemaException; transformDocument
// recovers it. Panicking keeps the port shaped like the C# it mirrors.
func (t *transformer) fail(ext extent, msg string) {
	panic(&Error{File: t.doc.file, Line: t.doc.lineOf(ext), Message: msg})
}

func (t *transformer) failNote(ext extent, msg, note string) {
	panic(&Error{File: t.doc.file, Line: t.doc.lineOf(ext), Message: msg + " (" + note + ")"})
}

func (t *transformer) nextNode() *node {
	if t.ungot {
		t.ungot = false
		return t.cur
	}
	if t.next < len(t.doc.nodes) {
		t.cur = t.doc.nodes[t.next]
		t.next++
		return t.cur
	}
	return nil
}

func (t *transformer) unget() { t.ungot = true }

// headingAt is GetHeadingWithExpectedLevel: the heading when it has the
// expected level, nil (node pushed back) for a higher-level heading or the
// end of input, and an error for anything else.
func (t *transformer) headingAt(n *node, level int) *node {
	if n == nil {
		return nil
	}
	if n.kind != headingNode {
		t.fail(n.ext, msgExpectHeading)
	}
	if n.level < level {
		t.unget()
		return nil
	}
	if n.level != level {
		t.fail(n.ext, fmt.Sprintf(msgExpectHeadingLevel, level))
	}
	return n
}

// paragraph is ParagraphNodeRule.
func (t *transformer) paragraph() *node { return t.nodeOfKind(paragraphNode) }

// codeBlock is CodeBlockRule.
func (t *transformer) codeBlock() *node { return t.nodeOfKind(codeBlockNode) }

// nodeOfKind takes the next node if it is of kind k, else leaves it.
func (t *transformer) nodeOfKind(k nodeKind) *node {
	n := t.nextNode()
	if n == nil {
		return nil
	}
	if n.kind != k {
		t.unget()
		return nil
	}
	return n
}

func (t *transformer) simpleText() string { return t.paragraphText(t.paragraph()) }

// paragraphText is GetTextFromParagraphNode / GetTextFromParagraphSpans.
// Bold, italic and link spans are separated from neighbours by a space, a
// link with a target is followed by " (target)", and, as in platyPS, text
// right after such a link gets no space.
func (t *transformer) paragraphText(n *node) string {
	if n == nil {
		return ""
	}
	if len(n.spans) == 1 && n.spans[0].kind != textSpan {
		// platyPS casts the only span to TextSpan and dereferences the null
		// it gets for a lone link or hard break.
		t.fail(n.spans[0].ext, msgNullReference)
	}
	var sb strings.Builder
	prevSpecial := false
	for i, s := range n.spans {
		special := s.kind == hyperlinkSpan || (s.kind == textSpan && s.style != styleNormal)
		if (i > 0 && special) || prevSpecial {
			sb.WriteByte(' ')
		}
		sb.WriteString(s.text)
		prevSpecial = special
		if s.kind == hyperlinkSpan && !isBlank(s.uri) {
			sb.WriteString(" (" + s.uri + ")")
			prevSpecial = false
		}
	}
	return sb.String()
}

// section is SectionDispatch: one "## NAME" section; false when the command
// ends.
func (t *transformer) section(cmd *mamlCommand) bool {
	h := t.headingAt(t.nextNode(), 2)
	if h == nil {
		return false
	}
	switch strings.ToUpper(h.text) {
	case "DESCRIPTION":
		s := t.simpleText()
		cmd.description = &s
	case "SYNOPSIS":
		s := t.simpleText()
		cmd.synopsis = &s
	case "SYNTAX":
		t.syntaxSection(cmd, h)
	case "EXAMPLES":
		for t.example(cmd) {
		}
	case "PARAMETERS":
		for t.parameter(cmd) {
		}
		t.gatherSyntax(cmd)
	case "INPUTS":
		for io := t.inputOutput(); io != nil; io = t.inputOutput() {
			cmd.inputs = append(cmd.inputs, *io)
		}
	case "OUTPUTS":
		for io := t.inputOutput(); io != nil; io = t.inputOutput() {
			cmd.outputs = append(cmd.outputs, *io)
		}
	case "NOTES":
		s := t.simpleText()
		cmd.notes = &s
	case "RELATED LINKS":
		t.relatedLinks(cmd)
	default:
		t.fail(h.ext, fmt.Sprintf(msgUnexpectedHeader, h.text))
	}
	return true
}

// syntaxSection is SyntaxRule + SyntaxEntryRule. The syntax code blocks are
// ignored (platyPS rebuilds syntax from the parameters); only which set is
// the default is remembered, by keeping default entries in cmd.syntax.
func (t *transformer) syntaxSection(cmd *mamlCommand, heading *node) {
	for {
		n := t.nextNode()
		if n == nil {
			// SyntaxEntryRule reads node.NodeType before its null check, so a
			// file ending in the SYNTAX section fails.
			t.fail(heading.ext, msgNullReference)
		}
		var syn *mamlSyntax
		if n.kind == codeBlockNode {
			syn = &mamlSyntax{parameterSetName: allParamSets, isDefault: true}
		} else {
			h := t.headingAt(n, 3)
			if h == nil {
				return
			}
			name, isDefault := strings.CutSuffix(h.text, defaultSetModifier)
			syn = &mamlSyntax{parameterSetName: name, isDefault: isDefault}
			t.codeBlock()
		}
		if syn.isDefault {
			cmd.syntax = append(cmd.syntax, syn)
		}
	}
}

// example is ExampleRule: "### title", optional introduction paragraph (not
// rendered in MAML), code blocks, optional remarks paragraph.
func (t *transformer) example(cmd *mamlCommand) bool {
	n := t.nextNode()
	if n != nil && n.kind != headingNode {
		t.failNote(n.ext, msgExpectHeading, exampleHint)
	}
	h := t.headingAt(n, 3)
	if h == nil {
		return false
	}
	ex := mamlExample{title: h.text}
	t.simpleText() // introduction
	for c := t.codeBlock(); c != nil; c = t.codeBlock() {
		ex.code = append(ex.code, c.text)
	}
	ex.remarks = t.simpleText()
	cmd.examples = append(cmd.examples, ex)
	return true
}

// relatedLinks is RelatedLinksRule: one paragraph whose every span must be
// a link.
func (t *transformer) relatedLinks(cmd *mamlCommand) {
	p := t.paragraph()
	if p == nil {
		return
	}
	for _, s := range p.spans {
		if s.kind != hyperlinkSpan {
			t.fail(s.ext, fmt.Sprintf(msgExpectHyperlink, s.text))
		}
		cmd.links = append(cmd.links, mamlLink{name: s.text, uri: s.uri})
	}
}

// inputOutput is InputOutputRule: "### TypeName" and a description.
func (t *transformer) inputOutput() *mamlInputOutput {
	h := t.headingAt(t.nextNode(), 3)
	if h == nil {
		return nil
	}
	return &mamlInputOutput{typeName: h.text, description: t.simpleText()}
}
