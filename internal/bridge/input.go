package bridge

// InputStatus is what WriteCommandInput did with the bytes.
//
//contract:enum
type InputStatus int32

const (
	InputTaken         InputStatus = 0  // *accepted bytes were queued: fewer than given, even 0, when the queue is full
	InputClosed        InputStatus = 1  // the command takes no more input (it ended, was stopped, its input was closed, or it has none): the bytes are dropped
	InputInvalidHandle InputStatus = -1 // the handle is unknown
)

// WriteCommandInput queues what fits of p for h's stdin, never waiting.
func WriteCommandInput(h uint64, p []byte) (InputStatus, int) {
	e := lookup(h)
	if e == nil {
		return InputInvalidHandle, 0
	}
	n, err := e.exec.WriteInput(p)
	if err != nil {
		return InputClosed, 0
	}
	return InputTaken, n
}

// CloseCommandInput ends h's stdin once what was written is sent.
func CloseCommandInput(h uint64) bool {
	e := lookup(h)
	if e == nil {
		return false
	}
	e.exec.CloseInput()
	return true
}
