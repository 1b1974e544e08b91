package ofxkit

import "sync/atomic"

// LiveRegistrations is, for the tests, the number of callback registrations the C side holds.
func LiveRegistrations() int64 { return atomic.LoadInt64(&liveRegistrations) }
