package helpgen

import (
	"regexp"
	"strconv"
	"strings"
)

// This file ports platyPS's MamlRenderer (the LINQ to XML version shipped in
// 0.14.x) followed by RenderCleaner.NormalizeWhitespaces.

const (
	switchParameter = "SwitchParameter"
)

// commandNamespaces are declared on every command:command element.
var commandNamespaces = []xmlAttr{
	{"xmlns:maml", "http://schemas.microsoft.com/maml/2004/10"},
	{"xmlns:command", "http://schemas.microsoft.com/maml/dev/command/2004/10"},
	{"xmlns:dev", "http://schemas.microsoft.com/maml/dev/2004/10"},
	{"xmlns:MSHelp", "http://msdn.microsoft.com/mshelp"},
}

// renderMAML is MamlRenderer.MamlModelToString.
func renderMAML(cmds []*mamlCommand) (string, error) {
	root := elem("helpItems").attr("schema", "maml").attr("xmlns", "http://msh")
	for _, c := range cmds {
		root.children = append(root.children, commandElem(c))
	}
	s, err := renderXMLDocument(root)
	if err != nil {
		return "", err
	}
	return normalizeWhitespaces(s), nil
}

// commandElem is CreateCommandElement.
func commandElem(c *mamlCommand) *xmlElem {
	verb, _, _ := strings.Cut(c.name, "-")
	noun := c.name[min(len(verb)+1, len(c.name)):]

	e := elem("command:command",
		elem("command:details",
			textElem("command:name", c.name),
			textElem("command:verb", verb),
			textElem("command:noun", noun),
			elem("maml:description", paragraphs(c.synopsis)...)),
		elem("maml:description", paragraphs(c.description)...),
		elem("command:syntax", mapElems(c.syntax, func(s *mamlSyntax) *xmlElem {
			item := elem("command:syntaxItem", textElem("maml:name", c.name))
			for _, p := range s.parameters {
				item.children = append(item.children, parameterElem(p, true))
			}
			return item
		})...),
		elem("command:parameters", mapElems(c.parameters, func(p *mamlParameter) *xmlElem {
			return parameterElem(p, false)
		})...),
		elem("command:inputTypes", mapElems(c.inputs, func(io mamlInputOutput) *xmlElem {
			return elem("command:inputType",
				elem("dev:type", textElem("maml:name", io.typeName)),
				elem("maml:description", paragraphs(&io.description)...))
		})...),
		elem("command:returnValues", mapElems(c.outputs, func(io mamlInputOutput) *xmlElem {
			return elem("command:returnValue",
				elem("dev:type", textElem("maml:name", io.typeName)),
				elem("maml:description", paragraphs(&io.description)...))
		})...),
		elem("maml:alertSet", elem("maml:alert", paragraphs(c.notes)...)),
		elem("command:examples", mapElems(c.examples, func(ex mamlExample) *xmlElem {
			return elem("command:example",
				textElem("maml:title", padExampleTitle(ex.title)),
				textElem("dev:code", strings.Join(ex.code, "\r\n\r\n")),
				elem("dev:remarks", paragraphs(&ex.remarks)...))
		})...),
		elem("command:relatedLinks", mapElems(c.links, func(l mamlLink) *xmlElem {
			uri := ""
			if isAbsoluteURI(l.uri) {
				uri = l.uri
			}
			return elem("maml:navigationLink", textElem("maml:linkText", l.name), textElem("maml:uri", uri))
		})...),
	)
	e.attrs = commandNamespaces
	return e
}

func mapElems[T any](items []T, f func(T) *xmlElem) []*xmlElem {
	out := make([]*xmlElem, 0, len(items))
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}

// paragraphs is GenerateParagraphs: nothing for null, otherwise one
// maml:para per "\r\n"-separated line, empty lines included.
func paragraphs(text *string) []*xmlElem {
	if text == nil {
		return nil
	}
	var out []*xmlElem
	for _, line := range strings.Split(*text, "\r\n") {
		out = append(out, textElem("maml:para", line))
	}
	return out
}

// parameterElem is CreateParameter; inSyntax drops the value element of
// switches ("we don't add [switch] info to make it appear good") and adds
// accepted values.
func parameterElem(p *mamlParameter, inSyntax bool) *xmlElem {
	mamlType := ""
	if p.typ != nil {
		mamlType = *p.typ
		if p.isSwitch() {
			mamlType = switchParameter
		}
	}
	isSwitch := mamlType == switchParameter || mamlType == "System.Management.Automation.SwitchParameter"

	aliases := "none"
	if len(p.aliases) > 0 {
		aliases = strings.Join(p.aliases, ", ")
	}
	e := elem("command:parameter",
		textElem("maml:name", p.name),
		elem("maml:description", paragraphs(&p.description)...))
	e.attrs = []xmlAttr{
		{"required", strconv.FormatBool(p.required)},
		{"variableLength", "true"},
		{"globbing", strconv.FormatBool(p.globbing)},
		{"pipelineInput", p.pipelineInput},
		{"position", strings.ToLower(p.position)},
		{"aliases", aliases},
	}
	if inSyntax && len(*p.valueGroup) > 0 {
		group := elem("command:parameterValueGroup")
		for _, v := range *p.valueGroup {
			group.children = append(group.children,
				textElem("command:parameterValue", v).attr("required", "false").attr("command:variableLength", "false"))
		}
		e.children = append(e.children, group)
	}
	if !inSyntax || !isSwitch {
		e.children = append(e.children,
			textElem("command:parameterValue", mamlType).
				attr("required", strconv.FormatBool(p.valueRequired)).
				attr("variableLength", "false"))
	}
	defaultValue := "None"
	if p.defaultValue != nil {
		defaultValue = *p.defaultValue
	}
	if isSwitch && (p.defaultValue == nil || *p.defaultValue == "" || *p.defaultValue == "None") {
		defaultValue = "False"
	}
	e.children = append(e.children,
		elem("dev:type", textElem("maml:name", mamlType), elem("maml:uri")),
		textElem("dev:defaultValue", defaultValue))
	return e
}

// padExampleTitle is PadExampleTitle: centre the title in dashes, 64 wide.
func padExampleTitle(title string) string {
	n := dotnetLen(title)
	if isBlank(title) || n >= 62 {
		return title
	}
	pad := strings.Repeat("-", (64-n-2)/2)
	return pad + " " + title + " " + pad
}

var (
	reURIScheme    = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$`)
	reURIAuthority = regexp.MustCompile(`^[/\\]{2}([^/\\?#]*)`)
	reURIHost      = regexp.MustCompile(`^(?:[^@]*@)?(\[[0-9A-Fa-f:.]+\]|[^\s:<>"{}|^` + "`" + `\[\]%]+)(?::[0-9]*)?$`)
)

// isAbsoluteURI approximates Uri.TryCreate(s, UriKind.Absolute, out _),
// which decides whether a related link keeps its target: schemes with an
// authority (http, https, ftp, file...) need a host, other schemes need
// nothing more, and Windows drive and UNC paths count as file URIs.
func isAbsoluteURI(s string) bool {
	s = strings.Trim(s, " \t\r\n")
	if len(s) >= 3 && isASCIILetter(s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/') {
		return true
	}
	if strings.HasPrefix(s, `\\`) && len(s) > 2 {
		return true
	}
	m := reURIScheme.FindStringSubmatch(s)
	if m == nil || len(m[1]) == 1 { // "c:foo" is a relative drive path
		return false
	}
	switch strings.ToLower(m[1]) {
	case "http", "https", "ftp", "ws", "wss", "gopher", "nntp", "news", "telnet", "ldap", "net.tcp", "net.pipe":
		a := reURIAuthority.FindStringSubmatch(m[2])
		return a != nil && reURIHost.MatchString(a[1])
	case "file":
		return m[2] != ""
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
