package helpgen

import (
	"strings"
	"testing"
)

// mamlFor renders one markdown command file and returns the MAML without
// CRs, for asserting on fragments.
func mamlFor(t *testing.T, md string) string {
	t.Helper()
	cmds, err := transformDocument(parseMarkdown("x.md", md))
	if err != nil {
		t.Fatal(err)
	}
	xml, err := renderMAML(cmds)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(xml, "\r", "")
}

func TestUnwindEscapingLineBreaks(t *testing.T) {
	cases := []struct{ in, want string }{
		{"one\r\ntwo", "one two"},                // a single newline is a space
		{"one\r\n\r\ntwo", "one\r\ntwo"},         // a blank line is a break
		{"one\r\n\r\n\r\ntwo", "one\r\n\r\ntwo"}, // each blank line counts
		{`a \[b\] \<c\> \*d\* \\e`, `a [b] <c> *d* \e`},
		{"x\r\n- a\r\n- b\r\nafter", "x - a\r\n- b\r\nafter"}, // platyPS's list quirk
		{"- a\r\n- b", "- a\r\n- b"},
		{"", ""},
	}
	for _, c := range cases {
		if got := unwindEscaping(c.in); got != c.want {
			t.Errorf("unwindEscaping(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParserQuirks(t *testing.T) {
	doc := parseMarkdown("x.md", "# T\n\nplain **bold** and [link](http://u) tail\n\nnext {{ x }}\n\n```ps\ncode\n```\n")
	if len(doc.nodes) != 3 {
		t.Fatalf("got %d nodes, want heading, one paragraph, code block", len(doc.nodes))
	}
	p := doc.nodes[1]
	var texts []string
	for _, s := range p.spans {
		texts = append(texts, s.text)
	}
	// Blank lines do not end a paragraph: only "\r\n{{}" would (see parse.go).
	want := []string{"plain", "bold", "and", "link", "tail\r\nnext {{ x }}"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("spans = %q, want %q", texts, want)
	}
	if c := doc.nodes[2]; c.kind != codeBlockNode || c.lang != "ps" || c.text != "code" {
		t.Errorf("code block = %+v", c)
	}
	tr := &transformer{doc: doc}
	if got := tr.paragraphText(p); got != "plain bold and link (http://u)tail\r\nnext {{ x }}" {
		t.Errorf("paragraph text = %q", got)
	}
}

func TestUnderscoreEmphasisNeedsWordBoundary(t *testing.T) {
	doc := parseMarkdown("x.md", "# T\n\nsnake_case_name and _it_ x\n")
	var texts []string
	for _, s := range doc.nodes[1].spans {
		texts = append(texts, s.text)
	}
	if got := strings.Join(texts, "|"); got != "snake_case_name and|it|x" {
		t.Errorf("spans = %q", got)
	}
}

func TestSyntaxFromParameterSets(t *testing.T) {
	md := "# Get-X\n## SYNTAX\n### A (Default)\n```\nGet-X\n```\n## PARAMETERS\n" +
		"### -Name\nThe name.\n```yaml\nType: String\nParameter Sets: A, B\nPosition: 1\nAccepted values: x, y\n```\n" +
		"### -Force\n```yaml\nType: SwitchParameter\nParameter Sets: A\nPosition: Named\n```\n" +
		"### -Path\n```yaml\nType: String\nParameter Sets: (All)\nPosition: 0\n```\n" +
		"### CommonParameters\nignored\n"
	got := mamlFor(t, md)
	// Two syntax items (A, B); in A the parameters are ordered by position.
	if n := strings.Count(got, "<command:syntaxItem>"); n != 2 {
		t.Fatalf("%d syntax items, want 2:\n%s", n, got)
	}
	a := got[strings.Index(got, "<command:syntaxItem>"):strings.Index(got, "</command:syntaxItem>")]
	order := []string{"<maml:name>Path<", "<maml:name>Name<", "<maml:name>Force<"}
	last := -1
	for _, o := range order {
		i := strings.Index(a, o)
		if i < last {
			t.Errorf("syntax A not ordered by position: %s", a)
		}
		last = i
	}
	if !strings.Contains(a, `<command:parameterValue required="false" command:variableLength="false">x</command:parameterValue>`) {
		t.Error("accepted values missing from syntax")
	}
	if strings.Contains(a, "<command:parameterValue required=\"false\" variableLength=\"false\">SwitchParameter") {
		t.Error("switch value must not appear in syntax")
	}
	if strings.Count(got, "<maml:name>Force</maml:name>") != 2 || !strings.Contains(got, "<dev:defaultValue>False</dev:defaultValue>") {
		t.Error("switch parameter rendering wrong")
	}
	if strings.Contains(got, "CommonParameters") {
		t.Error("CommonParameters must not become a parameter")
	}
}

func TestExampleTitleAndLinks(t *testing.T) {
	md := "---\nonline version: https://example.com/x\n---\n# Get-X\n## EXAMPLES\n### Example 1\nIntro.\n```\na\n```\n```\nb\n```\nRemark one.\n\nRemark two.\n" +
		"## RELATED LINKS\n[Get-Y](Get-Y.md)\n\n[Docs](https://example.com/docs)\n"
	cmds, err := transformDocument(parseMarkdown("x.md", md))
	if err != nil {
		t.Fatal(err)
	}
	addOnlineLink(cmds[0], "https://example.com/x")
	xml, err := renderMAML(cmds)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(xml, "\r", "")
	for _, want := range []string{
		"<maml:title>-------------------------- Example 1 --------------------------</maml:title>",
		"<dev:code>a\n\nb</dev:code>",
		"<maml:para>Remark one.</maml:para>\n          <maml:para>Remark two.</maml:para>",
		"<maml:linkText>Online Version:</maml:linkText>\n        <maml:uri>https://example.com/x</maml:uri>",
		"<maml:linkText>Get-Y</maml:linkText>\n        <maml:uri></maml:uri>",
		"<maml:linkText>Docs</maml:linkText>\n        <maml:uri>https://example.com/docs</maml:uri>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "Intro.") {
		t.Error("example introduction is not part of platyPS's MAML")
	}
}

func TestXMLEscaping(t *testing.T) {
	got := mamlFor(t, "# Get-X\n## DESCRIPTION\nA & B <c> \"q\" 'a'\u00a0b\n")
	if !strings.Contains(got, "<maml:para>A &amp; B &lt;c&gt; \"q\" 'a' b</maml:para>") {
		t.Errorf("escaping wrong:\n%s", got)
	}
	if _, err := renderMAML([]*mamlCommand{{name: "A-B\x01"}}); err == nil {
		t.Error("control character accepted in XML")
	}
}

func TestAboutWrapping(t *testing.T) {
	long := strings.Repeat("word ", 30)
	doc := parseMarkdown("about_x.md", "# X\n## about_X\n# SHORT DESCRIPTION\n"+long+"\n")
	got, err := renderAbout(doc, 80)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(got, "\r\n") {
		if len(l) > 80 {
			t.Errorf("line over 80 columns: %q", l)
		}
	}
	if !strings.HasPrefix(got, "TOPIC\r\n    about_x\r\n\r\nSHORT DESCRIPTION\r\n    word word") {
		t.Errorf("unexpected start: %q", got[:60])
	}
	if !isAboutTopic(doc) {
		t.Error("second heading about_X not recognised")
	}
	if isAboutTopic(parseMarkdown("a.md", "# X\n## \U0001F600\U0001F600\U0001F600\n")) {
		t.Error("three astral characters (six UTF-16 units) must not count as an about topic")
	}
	if isAboutTopic(parseMarkdown("a.md", "# X\n## About\n")) {
		t.Error(`"About" (5 characters) must not count as an about topic`)
	}
}
