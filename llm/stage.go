package llm

import (
	"context"
	"sync"

	"github.com/mtaudit/mtaudit/audit"
)

// Stage runs the pass over a stream of results with at most
// Config.Concurrency documents at the server at once, and hands each
// result on in the order it was submitted. Results the pass has nothing to
// do with go straight through (still in order).
type Stage struct {
	pass  *Pass
	ctx   context.Context
	emit  func(*audit.DocumentResult) error
	sem   chan struct{}
	queue chan *future
	done  chan struct{}

	mu  sync.Mutex
	err error
}

type future struct {
	res   *audit.DocumentResult
	ready chan struct{}
}

// Start returns a stage that calls emit with each submitted result, in
// submission order, once the pass is done with it. Call Close when every
// result has been submitted.
func (p *Pass) Start(ctx context.Context, emit func(*audit.DocumentResult) error) *Stage {
	s := &Stage{
		pass: p, ctx: ctx, emit: emit,
		sem:   make(chan struct{}, p.cfg.Concurrency),
		queue: make(chan *future, 2*p.cfg.Concurrency),
		done:  make(chan struct{}),
	}
	go s.emitter()
	return s
}

func (s *Stage) emitter() {
	defer close(s.done)
	for f := range s.queue {
		<-f.ready
		if s.Err() == nil {
			if err := s.emit(f.res); err != nil {
				s.setErr(err)
			}
		}
	}
}

// Submit hands res to the stage. It blocks while the stage is full, which
// keeps the run streaming with bounded memory. It returns the first error
// emit returned, after which the caller should stop.
func (s *Stage) Submit(res *audit.DocumentResult) error {
	if err := s.Err(); err != nil {
		return err
	}
	f := &future{res: res, ready: make(chan struct{})}
	if s.pass.wants(res) {
		s.sem <- struct{}{}
		go func() {
			defer func() { <-s.sem; close(f.ready) }()
			s.pass.Process(s.ctx, res)
		}()
	} else {
		close(f.ready)
	}
	s.queue <- f
	return s.Err()
}

// Close waits until every submitted result has been emitted and returns
// the first error emit returned.
func (s *Stage) Close() error {
	close(s.queue)
	<-s.done
	return s.Err()
}

// Err returns the first error emit returned, if any.
func (s *Stage) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *Stage) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}
