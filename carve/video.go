package carve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os/exec"
	"strings"
)

// VideoSide is the longest side a video's frames are scaled down to as
// ffmpeg decodes them: a hull of at most MaxResolution voxels needs no more.
const VideoSide = 1024

// videoFilter scales frames down to VideoSide, keeping the aspect, and makes
// both sides even so every ffmpeg scaler agrees on the size.
var videoFilter = fmt.Sprintf("scale=w='min(iw,%d)':h='min(ih,%d)':force_original_aspect_ratio=decrease:force_divisible_by=2", VideoSide, VideoSide)

// readVideo reads a video file through ffmpeg: its first frame gives the size,
// and then at most as many frames as the limits allow are decoded as raw RGB.
func readVideo(ctx context.Context, path, name string) (*Film, error) {
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, badVideo("%s is not a GIF, animated PNG or picture, and reading it as a video (MP4) needs ffmpeg, which is not on PATH; "+
			"install it (apt-get install ffmpeg), or give a GIF or a folder of PNG or JPEG frames", name)
	}
	w, h, err := videoSize(ctx, ffmpeg, path, name)
	if err != nil {
		return nil, err
	}
	if err := checkSize("the video "+name, w, h, MinFrames); err != nil {
		return nil, err
	}
	limit := min(MaxFrames, MaxPixels/(w*h))
	cmd := exec.CommandContext(ctx, ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin",
		"-i", path, "-map", "0:v:0", "-vf", videoFilter, "-frames:v", fmt.Sprint(limit+1),
		"-f", "rawvideo", "-pix_fmt", "rgb24", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("carve: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("carve: starting ffmpeg: %w", err)
	}
	f := &Film{Width: w, Height: h}
	br := bufio.NewReaderSize(out, 1<<20)
	var rerr error
	for {
		buf := make([]byte, 3*w*h)
		if _, rerr = io.ReadFull(br, buf); rerr != nil {
			break
		}
		if f.Len() == limit {
			rerr = errTooMany
			break
		}
		f.frames = append(f.frames, buf)
	}
	if rerr == errTooMany {
		_ = cmd.Process.Kill() // the film is refused; ffmpeg's exit no longer matters
	}
	werr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case rerr == errTooMany:
		return nil, badVideo("the video %s has more than %d frames of %d×%d (the limit is %d frames and %d megapixels in all); "+
			"trim it to one turn or lower its frame rate (ffmpeg -i %s -vf fps=12 out.mp4)", name, limit, w, h, MaxFrames, MaxPixels/1_000_000, name)
	case werr != nil:
		return nil, badVideo("ffmpeg could not decode the video %s (%s); give an MP4, a GIF, or a folder of PNG or JPEG frames",
			name, lastLine(stderr.String(), werr))
	case rerr != io.EOF:
		return nil, badVideo("the video %s ends inside a frame; give an MP4, a GIF, or a folder of PNG or JPEG frames", name)
	}
	if err := checkSize("the video "+name, w, h, f.Len()); err != nil {
		return nil, err
	}
	return f, nil
}

var errTooMany = errors.New("too many frames")

// videoSize decodes the first frame of a video as a PNG and reads its size
// from the header, so the size is the one the full decode gives, turned as
// the video asks and scaled by videoFilter.
func videoSize(ctx context.Context, ffmpeg, path, name string) (w, h int, err error) {
	cmd := exec.CommandContext(ctx, ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin",
		"-i", path, "-map", "0:v:0", "-vf", videoFilter, "-frames:v", "1",
		"-f", "image2pipe", "-vcodec", "png", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return 0, 0, ctx.Err()
	}
	if err != nil || len(out) == 0 {
		return 0, 0, badVideo("%s is not a film ffmpeg can read (%s); give an MP4, a GIF, or a folder of PNG or JPEG frames",
			name, lastLine(stderr.String(), err))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(out))
	if err != nil {
		return 0, 0, badVideo("ffmpeg gave no picture for the first frame of %s (%v)", name, err)
	}
	return cfg.Width, cfg.Height, nil
}

// lastLine returns the last line of ffmpeg's messages, or err's text when it
// printed none.
func lastLine(msg string, err error) string {
	msg = strings.TrimSpace(msg)
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	if msg == "" && err != nil {
		return err.Error()
	}
	if msg == "" {
		return "no frames"
	}
	return msg
}
