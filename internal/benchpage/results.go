// Package benchpage turns the measurements of build.ps1 bench into
// bench/results.md and one bar chart (PNG, drawn by gnuplot) per table.
package benchpage

import (
	"encoding/json"
	"fmt"
	"os"
)

// Results is what the bench script measured in one run on one machine.
type Results struct {
	Machine string  `json:"machine"` // cores, CPU, OS, Docker and pwsh versions
	Date    string  `json:"date"`
	Charts  []Chart `json:"charts"`
}

// Chart is one question the page answers, with one bar per contender.
type Chart struct {
	ID             string `json:"id"` // file name of the plot: <id>.png
	Title          string `json:"title"`
	Unit           string `json:"unit"` // "ms", "lines/s", "MB/s", "s"
	HigherIsBetter bool   `json:"higherIsBetter"`
	Note           string `json:"note,omitempty"` // how it was measured
	Bars           []Bar  `json:"bars"`
}

// Bar is one contender's median. The baseline bar is what the others are
// compared with, as a ratio from the same run.
type Bar struct {
	Label    string  `json:"label"`
	Value    float64 `json:"value"`
	Baseline bool    `json:"baseline,omitempty"`
}

// Load reads and checks a results file.
func Load(path string) (Results, error) {
	var r Results
	data, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range r.Charts {
		if c.ID == "" || len(c.Bars) == 0 {
			return r, fmt.Errorf("%s: chart %q has no id or no bars", path, c.Title)
		}
		baselines := 0
		for _, b := range c.Bars {
			if b.Baseline {
				baselines++
			}
			if b.Value <= 0 {
				return r, fmt.Errorf("%s: chart %s: %q has no measurement", path, c.ID, b.Label)
			}
		}
		if baselines > 1 {
			return r, fmt.Errorf("%s: chart %s has %d baselines", path, c.ID, baselines)
		}
	}
	return r, nil
}

func (c Chart) baseline() (Bar, bool) {
	for _, b := range c.Bars {
		if b.Baseline {
			return b, true
		}
	}
	return Bar{}, false
}

func (c Chart) max() float64 {
	m := 0.0
	for _, b := range c.Bars {
		m = max(m, b.Value)
	}
	return m
}
