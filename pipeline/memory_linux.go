package pipeline

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// machineMiB returns the memory of this machine, or of the control group
// yanchu runs in where that is less, in MiB; 0 when neither can be read.
func machineMiB() int {
	total := 0
	if f, err := os.Open("/proc/meminfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
				if err == nil {
					total = kb >> 10
				}
				break
			}
		}
	}
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 {
			if m := int(min(n>>20, 1<<40)); total == 0 || m < total {
				total = m
			}
		}
		break
	}
	return total
}
