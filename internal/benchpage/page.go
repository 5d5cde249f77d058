package benchpage

import (
	"fmt"
	"strings"
)

// Markdown renders the page; each chart's plot is <id>.png beside it.
func Markdown(r Results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# PSDocker benchmarks\n\nMeasured %s on %s by `pwsh ./build.ps1 bench`.\n", r.Date, r.Machine)
	b.WriteString("Every value is the median of repeated runs; ratios compare with the baseline of the same run.\n")
	for _, c := range r.Charts {
		fmt.Fprintf(&b, "\n## %s\n\n![%s](%s.png)\n\n", c.Title, c.Title, c.ID)
		if c.Note != "" {
			b.WriteString(c.Note + "\n\n")
		}
		base, hasBase := c.baseline()
		fmt.Fprintf(&b, "| | %s |", c.Unit)
		if hasBase {
			fmt.Fprintf(&b, " vs %s |", cell(base.Label))
		}
		b.WriteString("\n|---|---:|")
		if hasBase {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
		for _, bar := range c.Bars {
			fmt.Fprintf(&b, "| %s | %s |", cell(bar.Label), number(bar.Value))
			if hasBase {
				fmt.Fprintf(&b, " %s |", ratio(bar.Value, base.Value))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// cell escapes what would end a table cell: a label may hold a pipeline.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func number(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func ratio(v, base float64) string { return fmt.Sprintf("%.2f×", v/base) }
