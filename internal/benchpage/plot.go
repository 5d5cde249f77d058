package benchpage

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Plot draws c as a horizontal-label bar chart into dir/<id>.png with
// gnuplot (Debian: gnuplot-nox). The data and script go to a temporary
// folder, so dir holds only the page and its pictures.
func Plot(c Chart, dir string) error {
	tmp, err := os.MkdirTemp("", "psd-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var data strings.Builder
	for i, b := range c.Bars {
		fmt.Fprintf(&data, "%d %g %q\n", i, b.Value, b.Label)
	}
	dataFile := filepath.Join(tmp, "data")
	if err := os.WriteFile(dataFile, []byte(data.String()), 0o644); err != nil {
		return err
	}
	better := "lower is better"
	if c.HigherIsBetter {
		better = "higher is better"
	}
	script := fmt.Sprintf(`set terminal pngcairo size 900,%d font "sans,11"
set output %q
set title %q
set xlabel %q
set style fill solid 0.8 border -1
set boxwidth 0.6
set yrange [-0.6:%d]
set xrange [0:%g]
set ytics scale 0
set grid xtics
unset key
plot %q using (0):1:(0):2:($1-0.3):($1+0.3):yticlabels(3) with boxxyerror lc rgb "#3b6ea8", \
     '' using 2:1:(sprintf("  %%.3g", $2)) with labels left
`, 140+50*len(c.Bars), filepath.Join(dir, c.ID+".png"), c.Title, c.Unit+", "+better, len(c.Bars), 1.15*c.max(), dataFile)
	cmd := exec.Command("gnuplot")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("gnuplot for %s: %v\n%s", c.ID, err, out)
	}
	return nil
}
