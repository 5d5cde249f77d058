package engine

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
)

// isTLSFailure: the daemon's certificate was refused, the daemon refused
// ours, or it did not speak TLS. These are security errors, never a reason
// to try plain HTTP.
func isTLSFailure(err error) bool {
	var (
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		verify    *tls.CertificateVerificationError
		header    tls.RecordHeaderError
		op        *net.OpError
	)
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid),
		errors.As(err, &verify), errors.As(err, &header):
		return true
	case errors.As(err, &op) && op.Op == "remote error" && strings.Contains(op.Err.Error(), "tls:"):
		return true // a TLS alert from the daemon, e.g. it wants a client certificate
	}
	return false
}

// tlsCause is the TLS library's own words, without the request around them.
func tlsCause(err error) string {
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return verify.Err.Error()
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return strings.TrimSuffix(op.Err.Error(), ".")
	}
	return err.Error()
}
