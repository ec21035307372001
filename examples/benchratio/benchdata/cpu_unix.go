//go:build unix

package benchdata

import (
	"syscall"
	"time"
)

// CPUTime returns the user plus system CPU time of this process so far,
// which, unlike wall time, barely moves when other processes compete for
// the cores.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
