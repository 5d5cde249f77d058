package benchpage

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var sample = Results{
	Machine: "2 cores",
	Date:    "2026-11-22",
	Charts: []Chart{{
		ID: "latency", Title: "Per-call latency", Unit: "ms",
		Bars: []Bar{{Label: "Go engine alone", Value: 40, Baseline: true}, {Label: "Invoke-Command", Value: 42}, {Label: "docker exec", Value: 60}},
	}},
}

func TestMarkdownHasATableWithRatiosAndThePlot(t *testing.T) {
	md := Markdown(sample)
	for _, want := range []string{
		"on 2 cores", "## Per-call latency", "![Per-call latency](latency.png)",
		"| | ms | vs Go engine alone |", "| Invoke-Command | 42.0 | 1.05× |", "| docker exec | 60.0 | 1.50× |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("page lacks %q:\n%s", want, md)
		}
	}
}

func TestAPipelineInALabelStaysInItsCell(t *testing.T) {
	r := Results{Charts: []Chart{{ID: "stops", Title: "Stops", Unit: "ms", Bars: []Bar{{Label: "yes | Select-Object -First 1", Value: 60}}}}}
	if md := Markdown(r); !strings.Contains(md, `| yes \| Select-Object -First 1 | 60.0 |`) {
		t.Errorf("the label's | is not escaped:\n%s", md)
	}
}

func TestLoadRejectsAChartWithoutMeasurements(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(path, []byte(`{"charts":[{"id":"x","title":"X","bars":[{"label":"a","value":0}]}]}`), 0o644)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "no measurement") {
		t.Fatalf("err %v", err)
	}
}

// gnuplot is installed by .ci/run (Debian's gnuplot-nox).
func TestPlotDrawsAPNG(t *testing.T) {
	if _, err := exec.LookPath("gnuplot"); err != nil {
		t.Skip("gnuplot is not installed (Debian: gnuplot-nox)")
	}
	dir := t.TempDir()
	if err := Plot(sample.Charts[0], dir); err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile(filepath.Join(dir, "latency.png"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 2000 {
		t.Fatalf("no plot: %d bytes, %v", len(png), err)
	}
}
