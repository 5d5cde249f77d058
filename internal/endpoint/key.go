package endpoint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
)

// Key identifies everything a client is built from: two calls with the same
// Key can share a client, its connections and its negotiated API version.
// TLS material is hashed, so a context whose certificates were replaced gets
// a new client.
func (e Endpoint) Key(apiVersion string) string {
	h := sha256.New()
	if t := e.TLSData; t != nil {
		h.Write([]byte("tls"))
		for _, part := range [][]byte{t.CA, t.Cert, t.Key} {
			fmt.Fprintf(h, "%d:%s", len(part), part)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(e.HTTPHeaders)) {
		fmt.Fprintf(h, "%d:%s%d:%s", len(k), k, len(e.HTTPHeaders[k]), e.HTTPHeaders[k])
	}
	return fmt.Sprintf("%s\x00%t\x00%s\x00%s", e.Host, e.SkipTLSVerify, apiVersion, hex.EncodeToString(h.Sum(nil)))
}
