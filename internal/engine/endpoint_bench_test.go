package engine

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// go test -run '^$' -bench Endpoints -benchtime 100x ./internal/engine
// One `true` per iteration through each endpoint kind, after a warm-up call
// (client, connections, API version); reports the median next to the mean.
func BenchmarkEndpoints(b *testing.B) {
	web := offlineContainer(b)
	cfg := dockerConfig(b)
	dockerIn(b, cfg, "context", "create", "samesocket", "--docker", "host=unix:///var/run/docker.sock")

	b.Run("unix DOCKER_HOST", func(b *testing.B) {
		benchExec(b, endpoint.Settings{ConfigDir: cfg, Host: "unix:///var/run/docker.sock"}, web)
	})
	b.Run("unix context", func(b *testing.B) {
		benchExec(b, endpoint.Settings{ConfigDir: cfg, Context: "samesocket"}, web)
	})
	b.Run("tcp-TLS context", func(b *testing.B) {
		d := startSecondDaemon(b)
		there := d.run(b)
		tls := "tls-" + filepath.Base(d.dir) // the benchmark runs once with N=1 first
		dockerIn(b, cfg, "context", "create", tls, "--docker",
			"host="+d.tcp+",ca="+d.tls+"/client/ca.pem,cert="+d.tls+"/client/cert.pem,key="+d.tls+"/client/key.pem")
		benchExec(b, endpoint.Settings{ConfigDir: cfg, Context: tls}, there)
	})
	b.Run("ssh", func(b *testing.B) {
		s := startSSH(b)
		benchExec(b, endpoint.Settings{ConfigDir: cfg, Host: s.url()}, web)
	})
	b.Run("podman unix", func(b *testing.B) {
		p := startPodman(b)
		benchExec(b, endpoint.Settings{ConfigDir: cfg, Host: p.sock}, p.container)
	})
}

// The same socket through DOCKER_HOST and through a context, alternately, so
// both see the same load on a shared machine; reports both medians and the
// context's overhead in percent (the goal: under 5).
func BenchmarkContextVersusSocket(b *testing.B) {
	web := offlineContainer(b)
	cfg := dockerConfig(b)
	dockerIn(b, cfg, "context", "create", "samesocket", "--docker", "host=unix:///var/run/docker.sock")
	plain := endpoint.Settings{ConfigDir: cfg, Host: "unix:///var/run/docker.sock"}
	viaContext := endpoint.Settings{ConfigDir: cfg, Context: "samesocket"}
	call := execCall(b, web)
	call(plain)
	call(viaContext)
	var a, c []time.Duration
	b.ResetTimer()
	for b.Loop() {
		began := time.Now()
		call(plain)
		a = append(a, time.Since(began))
		began = time.Now()
		call(viaContext)
		c = append(c, time.Since(began))
	}
	ma, mc := median(a), median(c)
	b.ReportMetric(ms(ma), "ms-median-socket")
	b.ReportMetric(ms(mc), "ms-median-context")
	b.ReportMetric(100*(float64(mc)-float64(ma))/float64(ma), "%-context-overhead")
}

func execCall(b *testing.B, container string) func(endpoint.Settings) {
	return func(env endpoint.Settings) {
		x, err := Start(CommandRequest{Container: container, Argv: []string{"true"}, Settings: env})
		if err != nil {
			b.Fatal(err)
		}
		defer x.Stop()
		if o := readAll(b, x, 60*time.Second); o.status != Ended || o.result.ExitCode != 0 {
			b.Fatalf("status %v exit %d err %v", o.status, o.result.ExitCode, o.result.Err)
		}
	}
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

func benchExec(b *testing.B, env endpoint.Settings, container string) {
	call := execCall(b, container)
	call(env)
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		began := time.Now()
		call(env)
		took = append(took, time.Since(began))
	}
	b.ReportMetric(ms(median(took)), "ms-median")
}
