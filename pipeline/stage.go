package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A stage is where one make writes its files before they are its: a hidden
// folder inside the output folder, named for the process. Every writer writes
// there (the 3MF, STL, GLB and OBJ, the G-code PrusaSlicer writes, the
// pictures and films); only once all are written are they renamed into the
// output folder, one by one, the design's record first. A make that fails or
// is stopped removes its stage, so it leaves nothing; one that is killed
// leaves only its stage, which the next make in that folder removes. No file
// under a final name is ever partly written.
type stage struct {
	dir, final string
	names      []string // the files written, in the order they are renamed
}

// stagePrefix begins a stage's name: ".yanchu-" then the process id, a dash
// and random hex.
const stagePrefix = ".yanchu-"

// newStage makes a stage in the output folder final, first removing the
// stages that makes no longer running left there.
func newStage(final string) (*stage, error) {
	sweepStages(final)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	dir := filepath.Join(final, fmt.Sprintf("%s%d-%s", stagePrefix, os.Getpid(), hex.EncodeToString(b[:])))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	return &stage{dir: dir, final: final}, nil
}

// path returns where the file of that name is written, and notes it for the
// commit.
func (s *stage) path(name string) string {
	s.names = append(s.names, name)
	return filepath.Join(s.dir, name)
}

// commit renames the files written into the output folder, in the order their
// paths were asked for, those never written passed over, and removes the
// stage. It returns the final path of each staged path.
func (s *stage) commit() (map[string]string, error) {
	moved := map[string]string{}
	for _, name := range s.names {
		from, to := filepath.Join(s.dir, name), filepath.Join(s.final, name)
		if err := os.Rename(from, to); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // not written: a film without ffmpeg
			}
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		moved[from] = to
	}
	return moved, s.abort()
}

// abort removes the stage and whatever is in it.
func (s *stage) abort() error {
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	return nil
}

// sweepStages removes the stages in dir of processes no longer running.
func sweepStages(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if pid, ok := stagePid(e.Name()); ok && !running(pid) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// stagePid returns the process id in a stage's name.
func stagePid(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, stagePrefix)
	if !ok {
		return 0, false
	}
	id, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(id)
	return pid, ok && err == nil && pid > 0
}

// commit moves the files of res from the stage into the output folder, unless
// the make was stopped, and names them there.
func commit(ctx context.Context, st *stage, res *Result) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	moved, err := st.commit()
	if err != nil {
		return err
	}
	for i, f := range res.Files {
		if to, ok := moved[f.Path]; ok {
			res.Files[i].Path = to
		}
	}
	return nil
}
