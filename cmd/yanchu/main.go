// Command yanchu turns a few words into a solid that prints first time.
//
//	yanchu mesh --example r1|r2|r3 [--cells N | --cell MM] -o FILE [--json]
//
// Exit status: 0 done; 2 the input was wrong (the message says why, nothing is
// written); 1 yanchu failed.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
