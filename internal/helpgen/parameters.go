package helpgen

import (
	"fmt"
	"slices"
	"strings"
)

// This file ports the PARAMETERS half of ModelTransformerVersion2:
// ParameterRule and its yaml blocks, and GatherSyntax, which builds the
// syntax items from the parameter sets (the SYNTAX code blocks are ignored).

// yamlKeys are the keys ModelTransformerVersion2.IsKnownKey accepts.
var yamlKeys = []string{
	"Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position",
	"Default value", "Accept pipeline input", "Accept wildcard characters", "Applicable",
}

// parameterSets is one entry of _parameterName2ParameterSetMap: a
// Dictionary<string, MamlParameter>(OrdinalIgnoreCase) keyed by set name.
type parameterSets struct {
	names  []string
	params []*mamlParameter
}

func (s *parameterSets) lookup(name string) *mamlParameter {
	for i, n := range s.names {
		if equalFold(n, name) {
			return s.params[i]
		}
	}
	return nil
}

func (s *parameterSets) put(name string, p *mamlParameter) {
	for i, n := range s.names {
		if equalFold(n, name) {
			s.params[i] = p
			return
		}
	}
	s.names = append(s.names, name)
	s.params = append(s.params, p)
}

// paragraphsOrCode is ParagraphOrCodeBlockNodeRule("yaml"): paragraphs and
// non-yaml code blocks, joined by a blank line, up to a heading or a yaml
// block.
func (t *transformer) paragraphsOrCode() string {
	var parts []string
	for n := t.nextNode(); n != nil; n = t.nextNode() {
		if n.kind == paragraphNode {
			parts = append(parts, t.paragraphText(n))
			continue
		}
		if n.kind == codeBlockNode && !equalFold(n.lang, "yaml") {
			parts = append(parts, n.text)
			continue
		}
		t.unget()
		break
	}
	return strings.Join(parts, "\r\n\r\n")
}

// parameter is ParameterRule: "### -Name", description, then one yaml block
// per distinct set of metadata.
func (t *transformer) parameter(cmd *mamlCommand) bool {
	h := t.headingAt(t.nextNode(), 3)
	if h == nil {
		return false
	}
	name := strings.TrimPrefix(h.text, "-")
	param := newParameter(name)
	param.description = t.paragraphsOrCode()
	if equalFold(name, commonParametersToken) || equalFold(name, workflowParamsToken) {
		return true // the body is ignored
	}

	sets := &parameterSets{}
	param.valueRequired = true
	var first *mamlParameter
	sawYAML := false
	for c := t.codeBlock(); c != nil; c = t.codeBlock() {
		sawYAML = true
		kv := t.parameterYAML(c)
		fillParameter(param, kv)
		param.valueRequired = !param.isSwitch()
		if first == nil {
			first = param
		}
		if kv.has("Parameter Sets") {
			for _, set := range splitCommaTrim(kv.get("Parameter Sets")) {
				if set != "" {
					sets.put(set, param)
				}
			}
		} else {
			sets.put(allParamSets, param)
		}
		param = param.clone()
	}
	if !sawYAML {
		first = param
	}
	cmd.parameters = append(cmd.parameters, first)
	t.sets = append(t.sets, sets)
	return true
}

// parameterYAML is ModelTransformerVersion2.ParseYamlKeyValuePairs.
func (t *transformer) parameterYAML(c *node) *metadata {
	kv, lerr := parseKeyValuePairs(c.text)
	if lerr != nil {
		t.fail(t.codeLine(c, lerr.line), msgYAMLNotKeyValue)
	}
	for _, k := range kv.keys {
		if !slices.ContainsFunc(yamlKeys, func(known string) bool { return equalFold(known, k) }) {
			line := 0
			for i, l := range strings.Split(c.text, "\r\n") {
				if k2, _, _ := strings.Cut(l, ":"); equalFold(trimSpace(k2), k) {
					line = i
					break
				}
			}
			t.fail(t.codeLine(c, line), fmt.Sprintf(msgYAMLUnknownKey, k))
		}
	}
	return kv
}

// codeLine locates line i of a code block's text; platyPS reports the
// whole block, this names the offending line inside it.
func (t *transformer) codeLine(c *node, i int) extent {
	from := c.ext.start + len("```") + len(c.lang)
	pos := from + max(0, strings.Index(t.doc.text[from:c.ext.end], c.text))
	for ; i > 0; i-- {
		nl := strings.Index(t.doc.text[pos:], "\n")
		if nl < 0 {
			break
		}
		pos += nl + 1
	}
	return extent{pos, pos}
}

// fillParameter is FillUpParameterFromKeyValuePairs; keys with empty values
// count as absent.
func fillParameter(p *mamlParameter, kv *metadata) {
	value := func(key string) (string, bool) {
		v := kv.get(key)
		return v, v != ""
	}
	if v, ok := value("Type"); ok {
		p.typ = &v
	} else {
		p.typ = nil
	}
	p.aliases = nil
	if v, ok := value("Aliases"); ok {
		p.aliases = splitCommaTrim(v)
	}
	if v, ok := value("Accepted values"); ok {
		*p.valueGroup = append(*p.valueGroup, splitCommaTrim(v)...)
	}
	v, _ := value("Required")
	p.required = equalFold(v, "true")
	p.position = "named"
	if v, ok := value("Position"); ok {
		p.position = v
	}
	p.defaultValue = nil
	if v, ok := value("Default value"); ok {
		p.defaultValue = &v
	}
	p.pipelineInput = "false"
	if v, ok := value("Accept pipeline input"); ok {
		p.pipelineInput = v
	}
	v, _ = value("Accept wildcard characters")
	p.globbing = equalFold(v, "true")
	p.applicable = nil
	if v, ok := value("Applicable"); ok {
		p.applicable = splitCommaTrim(v)
	}
}

func splitCommaTrim(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = trimSpace(parts[i])
	}
	return parts
}

// gatherSyntax is GatherSyntax + FillUpSyntax: one syntax item per
// parameter set, in order of first appearance, each listing its parameters
// ordered by position.
func (t *transformer) gatherSyntax(cmd *mamlCommand) {
	var setNames []string
	for _, s := range t.sets {
		for _, n := range s.names {
			if !slices.ContainsFunc(setNames, func(c string) bool { return equalFold(c, n) }) {
				setNames = append(setNames, n)
			}
		}
	}
	if len(cmd.syntax) == 1 && cmd.syntax[0].isDefault {
		cmd.syntax = nil // platyPS only keeps its name, which MAML never shows
	}
	if len(setNames) == 0 {
		cmd.syntax = append(cmd.syntax, &mamlSyntax{})
	}
	for _, setName := range setNames {
		if setName == allParamSets && len(setNames) != 1 {
			continue
		}
		syn := &mamlSyntax{parameterSetName: setName}
		for _, s := range t.sets {
			p := s.lookup(setName)
			if p == nil && len(s.names) == 1 && s.names[0] == allParamSets {
				p = s.params[0]
			}
			if p != nil {
				syn.parameters = append(syn.parameters, p)
			}
		}
		// OrderBy(x => x.Position): stable, culture-sensitive string order.
		slices.SortStableFunc(syn.parameters, func(a, b *mamlParameter) int {
			return cultureCompare(a.position, b.position)
		})
		cmd.syntax = append(cmd.syntax, syn)
	}
}
