package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/messages"
)

// A stopper takes the stops of one container: it queues them, hands each
// batch to the container's stop helper (stophelper.go), and checks with the
// daemon that each exec ended.

// helperIdle is how long a helper waits for the next stop before it ends.
const helperIdle = time.Minute

// stopper serves the stops of one container (by ID) on one daemon.
type stopper struct {
	cli       *client.Client
	container string

	mu     sync.Mutex
	queue  []*stopTarget
	busy   bool
	helper *helper
	idle   *time.Timer
}

type stopTarget struct {
	execID, marker string
	began          time.Time // when the exec was asked for: none of its processes is older
	autogroup      string    // "x" while unknown; "pPID": the autogroup of PID in the container
	endedBefore    int       // processes ended in an earlier round
	done           chan StopReport
}

type stopperKey struct {
	cli       *client.Client
	container string
}

var stoppers = struct {
	sync.Mutex
	byKey map[stopperKey]*stopper
}{byKey: map[stopperKey]*stopper{}}

func stopperFor(cli *client.Client, containerID string) *stopper {
	stoppers.Lock()
	defer stoppers.Unlock()
	k := stopperKey{cli, containerID}
	s := stoppers.byKey[k]
	if s == nil {
		s = &stopper{cli: cli, container: containerID}
		stoppers.byKey[k] = s
	}
	return s
}

// stop queues one exec and waits for its outcome.
func (s *stopper) stop(execID, marker string, began time.Time) StopReport {
	t := &stopTarget{execID: execID, marker: marker, began: began, autogroup: "x", done: make(chan StopReport, 1)}
	s.mu.Lock()
	s.queue = append(s.queue, t)
	if !s.busy {
		s.busy = true
		go s.work()
	}
	s.mu.Unlock()
	return <-t.done
}

// work serves the queue until it is empty; stops queued meanwhile form the
// next batch. Each batch has stopRetryBound to get through.
func (s *stopper) work() {
	for {
		s.mu.Lock()
		batch := s.queue
		s.queue = nil
		if len(batch) == 0 {
			s.busy = false
			noHelper := s.helper == nil
			s.mu.Unlock()
			if noHelper {
				s.retire(nil) // it could not start one: nothing to keep
			}
			return
		}
		if s.idle != nil {
			s.idle.Stop()
		}
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), stopRetryBound)
		for i, out := range s.serve(ctx, batch) {
			batch[i].done <- out
		}
		cancel()
		s.mu.Lock()
		if s.helper != nil {
			h := s.helper
			s.idle = time.AfterFunc(helperIdle, func() { s.retire(h) })
		}
		s.mu.Unlock()
	}
}

// retire closes an idle helper (h; nil for none) unless a newer one
// replaced it or a stop came meanwhile, and forgets the stopper: the next
// stop in its container makes a new one.
func (s *stopper) retire(h *helper) {
	stoppers.Lock()
	defer stoppers.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.helper != h || s.busy {
		return
	}
	if h != nil {
		h.close()
		s.helper = nil
	}
	// A caller may have got s just before: it still works, unlisted, and
	// must not take a newer stopper's place out of the list.
	if k := (stopperKey{s.cli, s.container}); stoppers.byKey[k] == s {
		delete(stoppers.byKey, k)
	}
}

// serve stops one batch and checks each exec: the outcomes in batch order.
// The first round finds each exec by its marker, which its first process
// usually still has (its autogroup then finds the rest). An exec that still
// runs after it gets a second round with its autogroup from the daemon
// (docker top costs about a tenth of a second: only then is it asked).
func (s *stopper) serve(ctx context.Context, batch []*stopTarget) []StopReport {
	out := make([]StopReport, len(batch))
	pending := make([]int, 0, len(batch))
	for i := range batch {
		pending = append(pending, i)
	}
	for round := 0; round < 2 && len(pending) > 0; round++ {
		if round > 0 {
			s.autogroups(ctx, batch, pending)
		}
		report, err := s.request(ctx, batch, pending)
		if err != nil {
			for _, i := range pending {
				out[i] = stopFailure(err)
			}
			return out
		}
		var again []int
		last := time.Now().Add(StopReportBound)
		for _, i := range pending {
			r := report.targets[i]
			// The daemon shows an exec ended some time after its processes
			// are: a moment after a first round that ended some. After the
			// last round, when the helper found nothing of it left, up to
			// the report bound for the batch: under a queue of exec starts
			// the daemon lags by seconds, and "still runs" would be its
			// stale word against the helper's look.
			wait, until := r.found > 0 || batch[i].endedBefore > 0, time.Now().Add(time.Second)
			if round > 0 {
				wait, until = r.left == 0, last
			}
			ended, err := s.waitEnded(ctx, batch[i].execID, wait, until)
			total := batch[i].endedBefore + r.found
			batch[i].endedBefore = total
			switch {
			case err != nil:
				out[i] = StopReport{State: StopUnconfirmed, Ended: total, Detail: fmt.Sprintf(messages.StopExecUnknown, total, batch[i].execID, err)}
			case !ended && round == 0:
				again = append(again, i)
			case r.left > 0:
				out[i] = StopReport{State: StopFailed, Detail: fmt.Sprintf(messages.StopSurvivedKill, r.left)}
			case !ended:
				out[i] = StopReport{State: StopFailed, Detail: fmt.Sprintf(messages.StopFirstNotFound, batch[i].execID, total)}
			case report.unchecked > 0:
				out[i] = StopReport{State: StopUnconfirmed, Ended: total, Detail: fmt.Sprintf(messages.StopUnreadable, total, report.unchecked)}
			case total == 0:
				out[i] = StopReport{State: StopNotNeeded}
			default:
				out[i] = StopReport{State: StopEnded, Ended: total}
			}
		}
		pending = again
	}
	return out
}

// autogroups tells the helper how to find the session of each pending exec
// whose first process still runs, from the daemon: exec inspect gives that
// process's host PID. Docker's top maps it to its session and autogroup,
// which the helper can see; Podman's maps it to its PID in the container,
// whose autogroup the helper reads. A process that does not lead its
// session (a runtime that made none) is not used: its autogroup may be
// shared, and then only the marker finds its processes.
func (s *stopper) autogroups(ctx context.Context, batch []*stopTarget, pending []int) {
	pids := map[string]int{}
	for _, i := range pending {
		inspect, err := s.cli.ContainerExecInspect(ctx, batch[i].execID)
		if err == nil && inspect.Running && inspect.Pid > 0 {
			pids[strconv.Itoa(inspect.Pid)] = i
		}
	}
	if len(pids) == 0 {
		return
	}
	top, err := s.cli.ContainerTop(ctx, s.container, []string{"-o", "pid,sid,ag_id"})
	if err == nil && slices.Equal(top.Titles, []string{"PID", "SID", "AGID"}) {
		for _, p := range top.Processes {
			if i, ok := pids[p[0]]; ok && len(p) == 3 && p[0] == p[1] && isNumber(p[2]) {
				batch[i].autogroup = p[2]
			}
		}
		return
	}
	top, err = s.cli.ContainerTop(ctx, s.container, []string{"pid,hpid"})
	if err == nil && slices.Equal(top.Titles, []string{"PID", "HPID"}) {
		for _, p := range top.Processes {
			if i, ok := pids[p[1]]; ok && len(p) == 2 && isNumber(p[0]) {
				batch[i].autogroup = "p" + p[0] // the helper checks it leads its session
			}
		}
	}
}

func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// waitEnded says whether the exec has ended; an error when the daemon
// cannot say. With wait, the daemon has until deadline to notice the end.
func (s *stopper) waitEnded(ctx context.Context, execID string, wait bool, deadline time.Time) (bool, error) {
	for {
		ended, err := execEnded(ctx, s.cli, execID)
		if ended || err != nil || !wait || time.Now().After(deadline) {
			return ended, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// request sends the pending targets to the helper, starting one if there
// is none, and reads its report. A helper that broke is replaced once.
func (s *stopper) request(ctx context.Context, batch []*stopTarget, pending []int) (helperReport, error) {
	var b strings.Builder
	// since: how long ago, in centiseconds, the earliest exec was asked for
	// (plus a second);
	// only processes started since then can be one of theirs.
	earliest := time.Now()
	for _, i := range pending {
		if batch[i].began.Before(earliest) {
			earliest = batch[i].began
		}
	}
	fmt.Fprintf(&b, "stop %d %d %d\n", StopGraceSeconds, len(pending), time.Since(earliest).Milliseconds()/10+100)
	for _, i := range pending {
		fmt.Fprintf(&b, "%d %s %s\n", i, batch[i].autogroup, batch[i].marker)
	}
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		s.mu.Lock()
		h := s.helper
		s.mu.Unlock()
		if h == nil {
			if h, err = startHelper(ctx, s.cli, s.container); err != nil {
				return helperReport{}, err
			}
			s.mu.Lock()
			s.helper = h
			s.mu.Unlock()
		}
		var r helperReport
		if r, err = h.exchange(b.String(), pending); err == nil {
			return r, nil
		}
		h.close()
		s.mu.Lock()
		s.helper = nil
		s.mu.Unlock()
	}
	return helperReport{}, fmt.Errorf(messages.HelperBrokeOff, err)
}

// errContainerGone ends a stop: a container that is gone or stopped has no
// processes left.
var errContainerGone = errors.New(messages.ContainerGone)

func stopFailure(err error) StopReport {
	if errors.Is(err, errContainerGone) {
		return StopReport{State: StopNotNeeded, Detail: err.Error()}
	}
	return StopReport{State: StopFailed, Detail: err.Error()}
}
