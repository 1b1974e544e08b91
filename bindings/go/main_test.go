package ofxkit_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The sandbox FI every network test talks to (started once by TestMain).
var sandbox struct {
	URL  string `json:"url"`
	Port int    `json:"port"`
	CA   string `json:"ca"`
}

const (
	sandboxOrg = "ofxkit Sandbox"
	sandboxFID = "7777"
	bankID     = "077700077"
	checking   = "1000123456"
	savings    = "1000654321"
	card       = "4000123412341234"
	broker     = "sandbox.ofxkit.example"
	invAcct    = "INV-77001"
	loanAcct   = "LN-55001"
)

func repoRoot() string {
	abs, _ := filepath.Abs(filepath.Join("..", ".."))
	return abs
}

func TestMain(m *testing.M) {
	bin := os.Getenv("OFXKIT_BIN")
	if bin == "" {
		bin = filepath.Join(repoRoot(), "target", "release", "ofxkit")
	}
	dir, err := os.MkdirTemp("", "ofxkit-go-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "temp dir:", err)
		os.Exit(1)
	}
	ready := filepath.Join(dir, "ready.json")
	cmd := exec.Command(bin, "sandbox", "--port", "0", "--ready-file", ready, "--quiet")
	cmd.Stdout, cmd.Stderr = nil, os.Stderr // stdout: its banner; stderr: its errors
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "cannot start the sandbox (%s): %v\n", bin, err)
		os.Exit(1)
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
		os.RemoveAll(dir)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if b, err := os.ReadFile(ready); err == nil && json.Unmarshal(b, &sandbox) == nil && sandbox.URL != "" {
			break
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "the sandbox did not write its ready file within 60 s")
			stop()
			os.Exit(1)
		}
		time.Sleep(50 * time.Millisecond)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}
