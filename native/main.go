// Command native is libpsdocker, built with -buildmode=c-shared. This file
// only converts C types; the logic is in internal/bridge and internal/engine.
// The C entry points are the wrappers in abi.c (declared in psdocker.h): they
// guard every call into Go against CoreCLR's activation signal (signals.c).
// Each //export here is the C function's name with "go" in front: the C
// wrapper has the name itself.
package main

/*
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"time"
	"unsafe"

	"github.com/psdocker/psdocker/internal/bridge"
)

func main() {} // required by -buildmode=c-shared, never called

//export goInvokeCommand
func goInvokeCommand(request *C.char, requestLen C.int32_t, handle *C.uint64_t, errorJSON **C.char) C.int32_t {
	h, errJSON := bridge.InvokeCommand(C.GoBytes(unsafe.Pointer(request), C.int(requestLen)))
	if errJSON != nil {
		*errorJSON = cString(errJSON)
		return 1
	}
	*handle = C.uint64_t(h)
	return 0
}

//export goReadCommandOutput
func goReadCommandOutput(h C.uint64_t, buf *C.uint8_t, bufLen C.int32_t, waitMs C.int32_t, stream *C.int32_t, n *C.int32_t) C.int32_t {
	b := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(bufLen))
	status, st, count := bridge.ReadCommandOutput(uint64(h), b, time.Duration(waitMs)*time.Millisecond)
	*stream, *n = C.int32_t(st), C.int32_t(count)
	return C.int32_t(status)
}

//export goWriteCommandInput
func goWriteCommandInput(h C.uint64_t, data *C.uint8_t, length C.int32_t, accepted *C.int32_t) C.int32_t {
	p := unsafe.Slice((*byte)(unsafe.Pointer(data)), int(length))
	status, n := bridge.WriteCommandInput(uint64(h), p)
	*accepted = C.int32_t(n)
	return C.int32_t(status)
}

//export goCloseCommandInput
func goCloseCommandInput(h C.uint64_t) C.int32_t { return boolInt(bridge.CloseCommandInput(uint64(h))) }

//export goStopCommand
func goStopCommand(h C.uint64_t) C.int32_t { return boolInt(bridge.StopCommand(uint64(h))) }

//export goGetCommandReport
func goGetCommandReport(h C.uint64_t) *C.char {
	if j := bridge.GetCommandReport(uint64(h)); j != nil {
		return cString(j)
	}
	return nil
}

//export goCloseCommand
func goCloseCommand(h C.uint64_t) C.int32_t { return boolInt(bridge.CloseCommand(uint64(h))) }

//export goListContainers
func goListContainers(request *C.char, requestLen C.int32_t, resultJSON **C.char) C.int32_t {
	list, errJSON := bridge.ListContainers(C.GoBytes(unsafe.Pointer(request), C.int(requestLen)))
	if errJSON != nil {
		*resultJSON = cString(errJSON)
		return 1
	}
	*resultJSON = cString(list)
	return 0
}

//export goGetLibraryStats
func goGetLibraryStats() *C.char { return cString(bridge.GetLibraryStats()) }

func cString(b []byte) *C.char { return (*C.char)(C.CBytes(append(b, 0))) }

func boolInt(ok bool) C.int32_t {
	if ok {
		return 1
	}
	return 0
}
